/** The slice of `count` rows to show in `height` lines so that `cursor` stays in view. */
export function visibleWindow(count: number, cursor: number, height: number): { start: number; end: number } {
  if (count <= height) return { start: 0, end: count };
  const half = Math.floor(height / 2);
  const start = Math.max(0, Math.min(cursor - half, count - height));
  return { start, end: start + height };
}
