export default definePageConfig({ navigationBarTitleText: '各支部三会一课' })
