export default definePageConfig({ navigationBarTitleText: '各村值班情况' })
