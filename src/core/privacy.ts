// One source for what GridLink tells people about their personal information: the privacy policy
// page (pages/privacy) renders it, and the 用户隐私保护指引 that the Mini Program console asks for is
// printed from it (npm run privacy-guide, and scripts/deploy.mjs --dry-run). src/core/privacy.test.ts
// checks that every privacy API the app calls is declared here.
import type { TagConsent } from './types';

/** One line of the MP console's 用户隐私保护指引: 开发者收集你的【info】，用于【purpose】。 */
export interface PrivacyDeclaration {
  /** The category exactly as the MP console names it. */
  info: string;
  purpose: string;
  /** The Mini Program APIs that need it (the privacy check blocks them until the user agrees). */
  apis: readonly string[];
}

export const PRIVACY_DECLARATIONS: readonly PrivacyDeclaration[] = [
  { info: '选中的照片或视频信息', purpose: '让你在反映诉求、办理事项时附上现场照片', apis: ['chooseMedia', 'chooseImage'] },
  { info: '摄像头', purpose: '让你当场拍摄现场照片，随诉求或办理结果一并提交', apis: ['chooseMedia', 'chooseImage'] },
  { info: '选中的文件', purpose: '让社区管理员选择要导入的住户、人员等表格文件', apis: ['chooseMessageFile'] },
  { info: '剪切板', purpose: '让社区管理员复制邀请链接发给工作人员', apis: ['setClipboardData'] },
];

/** Sensitive personal information (PIPL Art. 28) the app may hold about a household. */
export const SENSITIVE_TAGS = ['低保', '残疾', '特困', '独居老人', '留守儿童', '一老一少一困'] as const;

const SENSITIVE: ReadonlySet<string> = new Set(SENSITIVE_TAGS);

export const isSensitiveTag = (tag: string): boolean => SENSITIVE.has(tag);

export const hasSensitiveTags = (tags: readonly string[] | undefined): boolean => !!tags?.some(isSensitiveTag);

/** A household's tags as one text in a fixed order, "低保、残疾" (empty for none): for audit entries and comparing two sets. */
export const tagText = (tags: readonly string[] | undefined): string => [...(tags ?? [])].sort().join('、');

/**
 * Whether a household's tags changing from `before` to `after` is a change the audit log records
 * (PIPL Art. 28): the tags differ (in any order) and a sensitive one was there before or is after.
 * The admin page (admin.household.save) and the import alike.
 */
export const sensitiveTagsChanged = (before: readonly string[] | undefined, after: readonly string[] | undefined): boolean =>
  tagText(before) !== tagText(after) && (hasSensitiveTags(before) || hasSensitiveTags(after));

/**
 * The consent note (PIPL Art. 29) a household holds once its tags become `tags`, for the admin page
 * and the import alike: a sensitive tag it did not have needs a note (who, when, what for); a note
 * is kept while a sensitive tag remains (the same note given again keeps the stored one) and goes
 * with the last one. `missing`: the newly added sensitive tags that came without a note.
 */
export function consentAfter(
  before: { tags?: readonly string[]; tagConsent?: TagConsent } | null,
  tags: readonly string[],
  note: Pick<TagConsent, 'by' | 'at' | 'purpose'> | undefined,
  recorded: Pick<TagConsent, 'recordedBy' | 'recordedAt'>,
): { consent: TagConsent | undefined } | { missing: string[] } {
  const sensitive = tags.filter(isSensitiveTag);
  if (!sensitive.length) return { consent: undefined };
  const had = before?.tagConsent;
  if (!note) {
    const added = sensitive.filter((t) => !(before?.tags ?? []).includes(t));
    return added.length ? { missing: added } : { consent: had };
  }
  if (had && had.by === note.by && had.at === note.at && had.purpose === note.purpose) return { consent: had };
  return { consent: { by: note.by, at: note.at, purpose: note.purpose, ...recorded } };
}

export interface PolicySection {
  title: string;
  paragraphs: readonly string[];
}

export const PRIVACY_POLICY_TITLE = '网格连心个人信息保护政策';
export const PRIVACY_POLICY_UPDATED = '2026-11-29';

export const PRIVACY_POLICY: readonly PolicySection[] = [
  {
    title: '一、我们是谁',
    paragraphs: [
      '“网格连心”是街道、社区用于网格化服务的小程序，由小程序资料页所示的主体运营（以下称“我们”）。居民可以联系包保干部、反映诉求并查看办理进度；干部和社区工作人员在这里办理事项。',
    ],
  },
  {
    title: '二、我们收集哪些信息、为什么收集',
    paragraphs: [
      '微信身份标识（OPENID）：识别你是谁，让你看到自己提交的事项。我们不获取你的微信昵称、头像和手机号。',
      '住户信息（楼栋、单元、房号）：你扫描包保干部联系卡并确认住户后记录，用于把诉求交给负责你家的干部。',
      '诉求内容和照片：你主动提交的描述、照片、评价，用于办理和回访；照片仅在你选择拍摄或从相册选择时获取。',
      '工作人员信息（姓名、电话、单位、职务）：用于联系卡展示和事项分派，由社区管理员录入。',
      `住户标签（${SENSITIVE_TAGS.join('、')}）属于敏感个人信息，仅用于关怀走访和精准帮扶（见第四节）。`,
    ],
  },
  {
    title: '三、谁能看到',
    paragraphs: [
      '你提交的事项：你本人、负责办理的干部和按层级接办的网格长、社区、街道及被派单的职能部门工作人员。匿名提交时，办理人员看不到你的住户信息。',
      '住户档案：负责该户的包保干部、网格长和对应范围的社区、街道管理员。',
      '回音壁：只有你在提交时选择“办结后可在回音壁公开”的事项，办结后才会公开分类、所在网格、办理结果和评价；公开前系统会去掉姓名、电话、门牌号，社区还可以隐去更多文字或整条隐藏，照片经社区审核后才公开。',
      '民主测评：你对包保干部的打分只用于干部考核，考核排名中只显示汇总人数和平均星级，不显示是谁打的分。',
      '我们不向任何第三方出售或提供你的个人信息；数据存放在微信云开发（腾讯云）境内服务器。',
    ],
  },
  {
    title: '四、敏感个人信息（住户标签）',
    paragraphs: [
      '住户标签只在取得本人（或监护人）同意、并说明用途后，由社区工作人员录入。',
      '工作人员每次查看含标签的住户清单、导出住户表、修改标签（包括通过表格导入），系统都会记录是谁、何时、查看或导出了什么以及原因（审计日志），审计日志保存 3 年。包保干部和网格长须说明用途后才能看到所负责住户的标签。',
      '不再需要帮扶时，标签会被删除。',
    ],
  },
  {
    title: '五、保存多久',
    paragraphs: [
      '导入导出文件、联系卡 PDF 等生成文件：7 天后自动删除。',
      '消息发送记录：30 天；消息中心通知：1 年。',
      '事项：办结后保留用于统计；事项照片（包括回音壁上公开的照片）在办结后按街道设定的期限清理。',
      '账号与住户绑定：到你申请删除或迁出为止。',
    ],
  },
  {
    title: '六、你的权利',
    paragraphs: [
      '你可以查阅、复制、更正、删除你的个人信息，也可以撤回同意（包括住户标签的同意）。',
      '在首页或本页打开“我的个人信息”，可以查看我们保存的关于你的信息并自行删除；其他请求请联系你的包保干部或所在社区办理，我们将在 15 个工作日内答复。删除后，你提交过的事项会去掉个人信息，仅保留用于统计。',
      '拒绝提供照片、文件等权限不影响你使用其他功能。',
    ],
  },
  {
    title: '七、未成年人',
    paragraphs: ['不满十四周岁的未成年人请在监护人陪同下使用；涉及“留守儿童”标签的信息须经监护人同意。'],
  },
];

/** The declarations as the lines to type into the MP console's 用户隐私保护指引. */
export function privacyGuideLines(): string[] {
  return PRIVACY_DECLARATIONS.map((d) => `开发者收集你的【${d.info}】，用于【${d.purpose}】（接口：${d.apis.join('、')}）`);
}
