// Every database collection GridLink uses, declared once. scripts/deploy.mjs creates them (with the
// indexes of indexes.ts and the rules of cloud/database-rules.json); collections.test.ts fails when
// code names a collection that is not declared here. The emulator creates collections on first use,
// which is exactly what would hide a missing one, so this list is the contract with the real cloud.

export interface CollectionDecl {
  name: string;
  /** What it holds, for the people who operate the cloud environment. */
  holds: string;
  /** How long documents are kept (PIPL Art. 19: no longer than the purpose needs). */
  retention: string;
  /** Holds personal information (PIPL Art. 4) or sensitive personal information (Art. 28). */
  personal: 'none' | 'personal' | 'sensitive';
  /**
   * Written by requests that change nothing else, refused ones included (防刷 counts every lookup;
   * an import with row errors still records its job and scope lock): the authorization matrix does
   * not count these writes as a refused call's change. 'always' or only for 'import'.
   */
  bookkeeping?: 'always' | 'import';
}

export const COLLECTIONS = [
  { name: 'users', holds: '微信账号（OPENID）与居民户、人员的绑定', retention: '账号注销或本人申请删除时删除', personal: 'personal' },
  { name: 'people', holds: '干部、网格员、管理员等人员档案（姓名、电话、单位、职务、角色）', retention: '离岗后由管理员删除或改为停用', personal: 'personal' },
  { name: 'cards', holds: '干部联系卡编号（含已作废的旧卡，用于提示“此卡已更换”）', retention: '随人员档案', personal: 'none' },
  { name: 'orgNodes', holds: '街道、社区、网格、楼栋、单元组织架构', retention: '长期', personal: 'none' },
  { name: 'households', holds: '住户档案（房号、人数、包保干部、标签；低保/残疾/特困/独居老人/留守儿童为敏感标签）', retention: '住户迁出后由管理员删除；敏感标签在不再需要帮扶时删除', personal: 'sensitive' },
  { name: 'items', holds: '居民提交的诉求与办理过程（描述、照片、时间线）', retention: '办结后保留用于统计；照片按保存期限清理', personal: 'personal' },
  { name: 'outbox', holds: '通知：消息中心里发给每位用户的通知（标题、摘要、正文、已读），每条同时是其微信订阅消息的发送记录与重试队列', retention: '1 年；本人申请删除个人信息时删除', personal: 'personal' },
  { name: 'invites', holds: '一次性邀请码（绑定微信账号到人员）', retention: '过期或使用后 90 天', personal: 'personal' },
  { name: 'importLocks', holds: '导入互斥：每个范围正在进行的导入任务编号', retention: '随下一次导入覆盖', personal: 'none', bookkeeping: 'import' },
  { name: 'jobs', holds: '导入、导出、联系卡 PDF 等后台任务及进度', retention: '7 天（生成的文件同样 7 天后删除）', personal: 'none', bookkeeping: 'import' },
  { name: 'departments', holds: '职能部门', retention: '长期', personal: 'none' },
  { name: 'workGroups', holds: '工作组（组长、副组长、成员、片区）', retention: '长期', personal: 'none' },
  { name: 'settings', holds: '街道设置（办理时限、分类规则、第一经办人）', retention: '长期', personal: 'none' },
  { name: 'counters', holds: '统计计数（按社区、月份和日期汇总的事项数量，含按工作人员编号的办理计数；不含居民信息）', retention: '长期', personal: 'personal' },
  { name: 'tallies', holds: '尚未并入统计计数的办理计数（定时任务每分钟并入后删除；不含居民信息）', retention: '并入后删除（通常 1 分钟内）', personal: 'personal' },
  { name: 'subscriptions', holds: '订阅消息授权台账（每位用户、每个模板还可发送的次数）', retention: '账号注销或本人申请删除时删除', personal: 'personal' },
  { name: 'mediaChecks', holds: '照片内容安全检测任务（微信 trace_id、照片文件、上传者 OPENID、结果）', retention: '出结果后 30 天', personal: 'personal' },
  { name: 'config', holds: '全局配置（如长期订阅模板）', retention: '长期', personal: 'none' },
  { name: 'limits', holds: '防刷计数：每个账号每天提交的诉求数（按 OPENID 和日期），每个 IP 每分钟查询联系卡的次数', retention: '到期（当天或当分钟结束）后由定时任务删除', personal: 'personal', bookkeeping: 'always' },
  { name: 'echoWall', holds: '回音壁：居民同意公开的已完结事项的脱敏副本（分类、网格、办理结果、评价；不含姓名、电话、房号、OPENID），照片经管理员审核后公开，审核记录', retention: '长期；居民申请撤回或管理员隐藏后不再公开', personal: 'none' },
  { name: 'evaluations', holds: '民主测评：居民对本户包保干部的星级评价（居民以账号摘要标识）', retention: '3 年', personal: 'personal' },
  { name: 'evaluationTotals', holds: '民主测评汇总（按社区和月份，每位干部的测评人数与星级合计；不含居民信息）', retention: '长期', personal: 'personal' },
  { name: 'audit', holds: '审计日志：工作人员查看/导出住户敏感标签、修改标签的记录（谁、何时、为何）', retention: '3 年', personal: 'personal' },
] as const satisfies readonly CollectionDecl[];

export type CollectionName = (typeof COLLECTIONS)[number]['name'];

export const COLLECTION_NAMES: readonly CollectionName[] = COLLECTIONS.map((c) => c.name);
