export default definePageConfig({ navigationBarTitleText: '值班坐班' })
