export default definePageConfig({ navigationBarTitleText: '五考排名', enablePullDownRefresh: true });
