import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

interface DialogProps {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ComponentChildren;
}

/**
 * A modal on the native <dialog>: the browser keeps focus inside, Escape closes it, and focus
 * returns to the button that opened it.
 */
let dialogs = 0;

export function Dialog({ title, open, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [titleId] = useState(() => `dialog-${++dialogs}-titre`);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const closed = () => {
      onClose();
      (opener.current as HTMLElement | null)?.focus?.();
    };
    dialog.addEventListener('close', closed);
    return () => dialog.removeEventListener('close', closed);
  }, [onClose]);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={titleId}>
      {open ? (
        <>
          <div class="dialog-head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" class="button secondary small" onClick={() => ref.current?.close()}>
              Fermer<span class="visually-hidden"> la fenêtre « {title} »</span>
            </button>
          </div>
          {children}
        </>
      ) : null}
    </dialog>
  );
}
