export default definePageConfig({ navigationBarTitleText: '确认住户' });
