// Input schemas of 回音壁, 书记领办 and 五考 (shared by the pages and the actions). Messages are Chinese.
import * as v from 'valibot';
import { id, pageNumber } from '../schemas';
import { ASSESSMENT_PERIOD_KINDS, PERIOD_KEY_RE } from './assessment';

const code = v.pipe(
  v.string('缺少编号'),
  v.trim(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,47}$/, '编号只能由字母、数字和“-”组成，最长 48 位'),
);
const month = v.pipe(v.string('月份应为文字'), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 2026-11'));
const versionOf = v.pipe(v.number('缺少版本号，请刷新后重试'), v.integer('版本号无效，请刷新后重试'), v.minValue(0, '版本号无效，请刷新后重试'));

// ---- 回音壁 ----

/** The public list: anyone, newest first; optionally one community's. */
export const EchoWallListInput = v.object({ communityId: v.optional(code), page: pageNumber });

/** The admin's moderation list of their subtree (hidden entries and pending photos included). */
export const EchoWallReviewInput = v.object({
  nodeId: v.optional(code),
  filter: v.optional(v.picklist(['all', 'pendingPhotos', 'hidden'], '筛选条件无效'), 'all'),
  page: pageNumber,
});

const word = v.pipe(v.string('要隐去的词应为文字'), v.trim(), v.minLength(1, '要隐去的词不能为空'), v.maxLength(30, '要隐去的词最长 30 字'));

export const ECHO_OPS = ['hide', 'show', 'redact', 'photoApprove', 'photoHide'] as const;
export type EchoOp = (typeof ECHO_OPS)[number];

export const EchoWallModerateInput = v.pipe(
  v.object({
    id,
    version: versionOf,
    op: v.picklist(ECHO_OPS, '请选择处理方式'),
    /** redact: the words to hide in the text, the resolution note and the comment. */
    words: v.optional(v.pipe(v.array(word, '要隐去的词格式不正确'), v.maxLength(20, '一次最多隐去 20 个词'))),
    /** photoApprove / photoHide: the photo's key (EchoPhotoView.key). */
    photo: v.optional(v.pipe(v.string('照片无效'), v.regex(/^[ab]\d{1,2}$/, '照片无效，请刷新后重试'))),
    reason: v.optional(v.pipe(v.string('原因应为文字'), v.trim(), v.maxLength(100, '原因最多 100 字')), ''),
  }),
  v.forward(v.check((i) => i.op !== 'redact' || (i.words?.length ?? 0) > 0, '请填写要隐去的词'), ['words']),
  v.forward(v.check((i) => !i.op.startsWith('photo') || !!i.photo, '请选择照片'), ['photo']),
);

// ---- 书记领办 ----

export const LeadInput = v.object({
  id,
  note: v.optional(v.pipe(v.string('说明应为文字'), v.trim(), v.maxLength(100, '说明最多 100 字')), ''),
});

export const LeadListInput = v.object({
  /** 'led': the month's 领办 items; 'open': open items of the scope that may be led. */
  view: v.optional(v.picklist(['led', 'open'], '列表类型无效'), 'led'),
  month: v.optional(month),
  nodeId: v.optional(code),
  page: pageNumber,
});

// ---- 五考 ----

const periodKey = v.pipe(v.string('考核期应为文字'), v.regex(PERIOD_KEY_RE, '考核期格式应为 2026-11、2026-Q4、2026-H2 或 2026'));

export const AssessmentListInput = v.object({
  kind: v.optional(v.picklist(ASSESSMENT_PERIOD_KINDS, '请选择考核周期'), 'month'),
  key: v.optional(periodKey),
  nodeId: v.optional(code),
});

export const AssessmentExportInput = AssessmentListInput;

export const AssessmentRateInput = v.object({
  personId: code,
  stars: v.pipe(v.number('请选择星级'), v.integer('星级无效'), v.minValue(1, '请选择 1 到 5 星'), v.maxValue(5, '请选择 1 到 5 星')),
  comment: v.optional(v.pipe(v.string('评价应为文字'), v.trim(), v.maxLength(100, '评价最多 100 字')), ''),
  /** A retried tap sends the same id and gets success instead of "already rated". */
  clientRequestId: v.pipe(v.string('缺少请求编号'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号无效')),
});

export const AssessmentMineInput = v.object({});
