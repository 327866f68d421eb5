export default definePageConfig({ navigationBarTitleText: '包保分配' });
