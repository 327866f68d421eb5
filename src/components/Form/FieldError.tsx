import { Text } from '@tarojs/components';
import { useShownFieldError } from './scope';

/**
 * A field's error line. Its message counts as said: the message box above the button (ErrorBox)
 * leaves it out, so each error shows once, where it belongs.
 */
export default function FieldError({ message, className = '' }: { message?: string | null; className?: string }) {
  useShownFieldError(message);
  return message ? <Text className={`field-error ${className}`}>{message}</Text> : null;
}
