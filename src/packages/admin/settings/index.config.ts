export default definePageConfig({ navigationBarTitleText: '街道设置' });
