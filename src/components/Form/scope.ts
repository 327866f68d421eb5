// Hooks over shown.ts: a field's error line marks its message as shown on its page (and in its <Form>);
// the message box above a button hides a message that a field of its form (or page) already shows.
import { createContext, useContext, useLayoutEffect, useState, useSyncExternalStore } from 'react';
import Taro from '@tarojs/taro';
import { shownErrors } from './shown';

/** The <Form> a part sits in (a stable token), or null outside any form. */
export const FormScope = createContext<object | null>(null);

const NO_PAGE = {};

/** The page this component was mounted on (pages stay mounted under the one on top). */
function usePageScope(): unknown {
  const [page] = useState<unknown>(() => Taro.getCurrentInstance()?.page ?? NO_PAGE);
  return page;
}

/** Marks `message` as shown under a field while it is on screen. */
export function useShownFieldError(message: string | undefined | null) {
  const form = useContext(FormScope);
  const page = usePageScope();
  useLayoutEffect(() => (message ? shownErrors.add(form ? [page, form] : [page], message) : undefined), [message, form, page]);
}

/** Whether a field of the same form (or, outside a form, of the same page) shows `message` already. */
export function useSaidByField(message: string | undefined | null): boolean {
  const form = useContext(FormScope);
  const page = usePageScope();
  const scope = form ?? page;
  return useSyncExternalStore(shownErrors.subscribe, () => !!message && shownErrors.has(scope, message));
}
