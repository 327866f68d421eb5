/** Unified numbering (统一编号): a child's code is its parent's code, '-', and one segment of its own. */
export const isChildCode = (parentId: string, id: string): boolean =>
  id.startsWith(`${parentId}-`) && /^[A-Za-z0-9]+$/.test(id.slice(parentId.length + 1));
