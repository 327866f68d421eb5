// The item workflow lives in core/workflow (table.ts: states and commands; decide.ts: transitions).
// This module keeps the names older callers import.
export { decide, holderKey, isUnsatisfied, levelOf, type Actor, type Command, type Decision } from './workflow/decide';
export { buttonsFor, commandsFrom, COMMANDS, isOpen, STATES, stateGroup, stateLabel } from './workflow/table';
