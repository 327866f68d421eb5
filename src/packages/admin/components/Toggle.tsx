import { View, Text } from '@tarojs/components';

/** A labelled on/off switch row. */
export default function Toggle({
  label,
  hint,
  value,
  onChange,
  className = '',
}: {
  label: string;
  hint?: string;
  value: boolean;
  onChange: (v: boolean) => void;
  className?: string;
}) {
  return (
    <View
      className={`admin-switch ${className} ${value ? 'admin-switch--on' : ''}`}
      role='switch'
      aria-checked={value}
      data-on={value ? '1' : '0'}
      onClick={() => onChange(!value)}
    >
      <View className='admin-switch__text'>
        <Text className='admin-switch__label'>{label}</Text>
        {hint ? <Text className='admin-switch__hint'>{hint}</Text> : null}
      </View>
      <View className='admin-toggle'>
        <View className='admin-toggle__knob' />
      </View>
    </View>
  );
}
