// Shared form parts (main package and subpackages): Form, Field, TextInput, NumberInput, TextArea,
// ChipPicker, MultiChipPicker, PhotoField, Switch and Button. Inside a <Form>, a part finds its
// error by `name` (a schema path such as "classLimits.simple.handleDays") and clears it, and the
// form's headline when it said the same, as soon as its input changes.
import { createContext, useContext, useState, type ReactNode } from 'react';
import { View, Text, Input, Textarea } from '@tarojs/components';
import Chips, { MultiChips, type ChipOption } from '../Chips';
import PhotoPicker from '../PhotoPicker';
import { afterInput, errorOf } from './errors';
import FieldError from './FieldError';
import { FormScope } from './scope';
import './index.css';

interface FormState {
  errors: Record<string, string>;
  setErrors: (errors: Record<string, string>) => void;
  headline?: string;
  setHeadline?: (message: string) => void;
}

const FormContext = createContext<FormState | null>(null);

/** Provides field errors to the parts inside; pass `useSubmit()`'s fields and setters. */
export function Form({ errors, setErrors, headline, setHeadline, className = '', children }: FormState & { className?: string; children: ReactNode }) {
  // An error shown under one of its fields is not said again by an ErrorBox inside it.
  const [scope] = useState(() => ({}));
  return (
    <FormContext.Provider value={{ errors, setErrors, headline, setHeadline }}>
      <FormScope.Provider value={scope}>
        <View className={`form ${className}`}>{children}</View>
      </FormScope.Provider>
    </FormContext.Provider>
  );
}

export { FieldError };

/**
 * The error of field `name` (or the explicit `error`), and a function that clears it (with its
 * sub-paths: "holidays" also clears "holidays.0") and the form's headline when that was the same.
 */
export function useFieldError(name?: string, error?: string): [string, () => void] {
  const form = useContext(FormContext);
  const shown = error ?? (form && name ? errorOf(form.errors, name) : '');
  const clear = () => {
    if (!form || !name || !shown) return;
    const next = afterInput({ errors: form.errors, headline: form.headline ?? '' }, name);
    form.setErrors(next.errors);
    if (next.headline !== (form.headline ?? '')) form.setHeadline?.(next.headline);
  };
  return [shown, clear];
}

interface FieldProps {
  label?: string;
  hint?: string;
  /** Schema path of the value; its error shows under the field. */
  name?: string;
  /** An error from elsewhere (without a <Form>). */
  error?: string;
  className?: string;
  children: ReactNode;
}

/** A labelled field with its own error line (which an ErrorBox of the same form then leaves out). */
export function Field({ label, hint, name, error, className = '', children }: FieldProps) {
  const [shown] = useFieldError(name, error);
  return (
    <View className={`field form-field ${shown ? 'form-field--error' : ''} ${className}`} data-name={name}>
      {label ? <Text className='field__label'>{label}</Text> : null}
      {children}
      {hint ? <Text className='form-field__hint'>{hint}</Text> : null}
      <FieldError message={shown} className={name ? `field-error-${name.replace(/\./g, '-')}` : ''} />
    </View>
  );
}

interface TextProps extends Omit<FieldProps, 'children'> {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  maxlength?: number;
  disabled?: boolean;
  inputClass?: string;
}

export function TextInput({
  value,
  onChange,
  placeholder,
  maxlength = 140,
  disabled,
  inputClass = '',
  type = 'text',
  ...field
}: TextProps & { type?: 'text' | 'number' | 'digit' | 'idcard' }) {
  const [, clear] = useFieldError(field.name, field.error);
  return (
    <Field {...field}>
      <Input
        className={`input ${disabled ? 'input--readonly' : ''} ${inputClass}`}
        value={value}
        type={type}
        placeholder={placeholder}
        maxlength={maxlength}
        disabled={disabled}
        onInput={(e) => {
          clear();
          onChange(e.detail.value);
        }}
      />
    </Field>
  );
}

/** A whole number typed as text (kept as typed, so "" stays empty); parse with `toNumber`. */
export function NumberInput({ unit, inputClass = '', value, onChange, placeholder, maxlength = 6, disabled, ...field }: TextProps & { unit?: string }) {
  const [, clear] = useFieldError(field.name, field.error);
  return (
    <Field {...field}>
      <View className='form-number'>
        <Input
          className={`input form-number__input ${disabled ? 'input--readonly' : ''} ${inputClass}`}
          value={value}
          type='number'
          placeholder={placeholder}
          maxlength={maxlength}
          disabled={disabled}
          onInput={(e) => {
            clear();
            onChange(e.detail.value);
          }}
        />
        {unit ? <Text className='form-number__unit'>{unit}</Text> : null}
      </View>
    </Field>
  );
}

export { toNumber } from './errors';

/** `n/max`, and in red how many characters are over the limit (nothing is cut without a word). */
export function LengthCounter({ length, max, className = '' }: { length: number; max: number; className?: string }) {
  const over = length - max;
  return (
    <Text className={`counter ${over > 0 ? 'counter--over' : ''} ${className}`}>
      {over > 0 ? `${length}/${max}，超出 ${over} 字，请删减后再提交` : `${length}/${max}`}
    </Text>
  );
}

export function TextArea({ value, onChange, placeholder, maxlength = 500, disabled, inputClass = '', ...field }: TextProps) {
  const [, clear] = useFieldError(field.name, field.error);
  return (
    <Field {...field}>
      {/* No native cut (-1): a long paste stays whole and the counter says how much is over; the schema refuses it. */}
      <Textarea
        className={`textarea ${inputClass}`}
        value={value}
        placeholder={placeholder}
        maxlength={-1}
        disabled={disabled}
        onInput={(e) => {
          clear();
          onChange(e.detail.value);
        }}
      />
      {maxlength ? <LengthCounter length={value.length} max={maxlength} /> : null}
    </Field>
  );
}

/** Single choice from visible chips. */
export function ChipPicker<T extends string>({
  options,
  value,
  onChange,
  chipClass,
  disabled,
  ...field
}: Omit<FieldProps, 'children'> & { options: readonly ChipOption<T>[]; value: T | '' | null; onChange: (v: T) => void; chipClass?: string; disabled?: boolean }) {
  const [, clear] = useFieldError(field.name, field.error);
  return (
    <Field {...field}>
      <Chips
        options={options}
        value={value}
        chipClass={chipClass}
        disabled={disabled}
        onChange={(v) => {
          clear();
          onChange(v);
        }}
      />
    </Field>
  );
}

/** Several choices from visible chips; `max` 1 makes it behave like a single choice that can be cleared. */
export function MultiChipPicker<T extends string>({
  options,
  value,
  onChange,
  chipClass,
  disabled,
  max,
  ...field
}: Omit<FieldProps, 'children'> & { options: readonly ChipOption<T>[]; value: readonly T[]; onChange: (v: T[]) => void; chipClass?: string; disabled?: boolean; max?: number }) {
  const [, clear] = useFieldError(field.name, field.error);
  return (
    <Field {...field}>
      <MultiChips
        options={options}
        value={value}
        chipClass={chipClass}
        disabled={disabled}
        onChange={(next) => {
          clear();
          // Over the limit, the newest choice replaces the older ones.
          onChange(max && next.length > max ? next.slice(-max) : next);
        }}
      />
    </Field>
  );
}

/** Up to 3 photos, uploaded as they are picked; `onBusy` holds the submit button meanwhile. */
export function PhotoField({
  value,
  onChange,
  openid,
  disabled,
  onBusy,
  ...field
}: Omit<FieldProps, 'children'> & { value: string[]; onChange: (v: string[]) => void; openid: string; disabled?: boolean; onBusy?: (busy: boolean) => void }) {
  const [, clear] = useFieldError(field.name, field.error);
  return (
    <Field {...field}>
      <PhotoPicker
        value={value}
        openid={openid}
        disabled={disabled}
        onBusy={onBusy}
        onChange={(next) => {
          clear();
          onChange(next);
        }}
      />
    </Field>
  );
}

/** A labelled on/off switch row. */
export function Switch({ label, hint, name, error, value, onChange, disabled, className = '' }: Omit<FieldProps, 'children'> & { label: string; value: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  const [shown, clear] = useFieldError(name, error);
  return (
    <View className={`form-switch-field ${className}`}>
      <View
        className={`form-switch ${value ? 'form-switch--on' : ''} ${disabled ? 'form-switch--disabled' : ''}`}
        role='switch'
        aria-checked={value}
        aria-disabled={disabled}
        data-on={value ? '1' : '0'}
        onClick={() => {
          if (disabled) return;
          clear();
          onChange(!value);
        }}
      >
        <View className='form-switch__text'>
          <Text className='form-switch__label'>{label}</Text>
          {hint ? <Text className='form-switch__hint'>{hint}</Text> : null}
        </View>
        <View className='form-switch__track'>
          <View className='form-switch__knob' />
        </View>
      </View>
      <FieldError message={shown} />
    </View>
  );
}

/** A full-width button; `busy` shows `busyText` and ignores taps. */
export function Button({
  kind = 'primary',
  size = 'large',
  busy,
  busyText = '请稍候…',
  disabled,
  onClick,
  className = '',
  children,
}: {
  kind?: 'primary' | 'ghost' | 'plain' | 'danger';
  size?: 'large' | 'small';
  busy?: boolean;
  busyText?: string;
  disabled?: boolean;
  onClick: () => void;
  className?: string;
  children: ReactNode;
}) {
  const off = busy || disabled;
  const cls = size === 'small' ? `btn-sm form-btn-sm form-btn-sm--${kind}` : `btn btn-${kind === 'danger' ? 'plain form-btn--danger' : kind}`;
  return (
    <View className={`${cls} ${off ? 'btn--disabled' : ''} ${className}`} aria-disabled={off} onClick={() => !off && onClick()}>
      <Text>{busy ? busyText : children}</Text>
    </View>
  );
}
