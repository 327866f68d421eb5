// One form per command the handle page can show. The page lists the item's allowed commands
// (ItemView.actions, from the server's workflow table) and opens the form of the chosen one.
import type { ComponentType } from 'react';
import type { ItemView } from '../../../../core/api/contract';
import AppealReviewForm from './AppealReviewForm';
import MeetForm from './MeetForm';
import PauseForm from './PauseForm';
import PauseReviewForm from './PauseReviewForm';
import RejectForm from './RejectForm';
import ReportForm from './ReportForm';
import ResolveForm from './ResolveForm';
import ResumeForm from './ResumeForm';
import ReturnForm from './ReturnForm';
import SendUpForm from './SendUpForm';
import StartForm from './StartForm';
import TransferForm from './TransferForm';
import VerifyForm from './VerifyForm';
import WhistleForm from './WhistleForm';
import { offeredForms, type FormKey } from './offer';
import type { CommandFormProps } from './shared';

export type { CommandFormProps } from './shared';

const FORMS: Record<FormKey, ComponentType<CommandFormProps>> = {
  verify: VerifyForm,
  reject: RejectForm,
  transfer: TransferForm,
  sendUp: SendUpForm,
  whistle: WhistleForm,
  report: ReportForm,
  meet: MeetForm,
  return: ReturnForm,
  start: StartForm,
  resolve: ResolveForm,
  pause: PauseForm,
  pauseReview: PauseReviewForm,
  resume: ResumeForm,
  appealReview: AppealReviewForm,
};

export interface OfferedForm {
  key: FormKey;
  label: string;
  Form: ComponentType<CommandFormProps>;
}

export function formsFor(item: ItemView): OfferedForm[] {
  return offeredForms(item).map((f) => ({ ...f, Form: FORMS[f.key] }));
}
