export default definePageConfig({ navigationBarTitleText: '值班服务日志' })
