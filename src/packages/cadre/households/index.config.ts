export default definePageConfig({ navigationBarTitleText: '包保住户', enablePullDownRefresh: true });
