// The terminal around the frame: the alternate screen (as htop, less and vim use), so the tool never
// scrolls the operator's shell and leaves it as it was; a full redraw after every resize, because Ink
// clears only when the terminal got narrower and old lines stayed above the header otherwise.

const ENTER = '\u001B[?1049h\u001B[H\u001B[2J';
const LEAVE = '\u001B[?1049l';
const CLEAR = '\u001B[H\u001B[2J';

export interface AlternateScreen {
  /** Back to the normal screen; safe to call more than once. */
  leave(): void;
}

export function enterAlternateScreen(out: NodeJS.WriteStream): AlternateScreen {
  if (!out.isTTY) return { leave: () => undefined };
  out.write(ENTER);
  let size = `${out.columns}x${out.rows}`;
  // Registered before Ink's own listener, so the screen is blank when Ink draws the new frame.
  const onResize = () => {
    const now = `${out.columns}x${out.rows}`;
    if (now !== size) out.write(CLEAR);
    size = now;
  };
  out.prependListener('resize', onResize);
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    out.off('resize', onResize);
    out.write(LEAVE);
  };
  // Whatever ends the process, the shell gets its screen back.
  process.once('exit', leave);
  return { leave };
}
