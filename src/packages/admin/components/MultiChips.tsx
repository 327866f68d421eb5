// The shared multi-select chips live in src/components/Chips.
export { MultiChips as default } from '../../../components/Chips';
