export default definePageConfig({ navigationBarTitleText: '登录 / 切换身份' });
