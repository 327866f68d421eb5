export default definePageConfig({ navigationBarTitleText: '书记领办', enablePullDownRefresh: true });
