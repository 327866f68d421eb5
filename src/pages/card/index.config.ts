export default definePageConfig({ navigationBarTitleText: '干部联系卡' });
