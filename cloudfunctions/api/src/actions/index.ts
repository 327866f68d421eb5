import type { Action } from '../action';
import { whoami } from './whoami';
import { cardResolve, cardQrcode } from './card';
import { householdBrowse, householdConfirm } from './household';
import { submit } from './submit';
import { mine, detail, inbox } from './queries';
import { accept, start, resolve, reject, rate } from './commands';

export const actions: Action<any, any>[] = [
  whoami,
  cardResolve,
  cardQrcode,
  householdBrowse,
  householdConfirm,
  submit,
  mine,
  detail,
  inbox,
  accept,
  start,
  resolve,
  reject,
  rate,
];
