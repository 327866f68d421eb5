export default definePageConfig({ navigationBarTitleText: '回音壁', enablePullDownRefresh: true });
