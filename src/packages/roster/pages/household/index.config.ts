export default definePageConfig({ navigationBarTitleText: '户的信息' })
