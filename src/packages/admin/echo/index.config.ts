export default definePageConfig({ navigationBarTitleText: '回音壁审核', enablePullDownRefresh: true });
