// The seed's "event loop in GUI" listing (wxPython's OnClose with a modal MessageDialog): a GUI
// is an event loop, and `dlg.ShowModal()` only looks blocking — the toolkit keeps dispatching
// events (repaints, timers) until the user answers. Here the same handler is a coroutine on our
// loop: `yield* dialog.showModal()` reads like the listing, and the loop runs other callbacks
// while the dialog waits. The "user" is simulated: a click on OK 50 ms after the dialog opens.
import { type Coroutine, type EventLoop, type Future, NodeEventLoop } from '@async/loop';

const ID_OK = 'OK';
const ID_CANCEL = 'CANCEL';
type DialogResult = typeof ID_OK | typeof ID_CANCEL;

/** A stand-in for wx.MessageDialog: shows a question and resolves with the button clicked. */
class MessageDialog {
  private answer: Future<DialogResult> | null = null;

  constructor(
    private readonly loop: EventLoop,
    private readonly message: string,
    private readonly caption: string,
  ) {}

  showModal(): Future<DialogResult> {
    console.log(`[${this.caption}] ${this.message} (OK / Cancel)`);
    this.answer = this.loop.createFuture<DialogResult>();
    return this.answer;
  }

  /** What the toolkit calls when a button is clicked. */
  click(result: DialogResult): void {
    console.log(`user clicked ${result}`);
    this.answer?.setResult(result);
  }

  destroy(): void {
    this.answer = null;
  }
}

class Frame {
  dialog: MessageDialog | null = null;

  constructor(private readonly loop: EventLoop) {}

  *onClose(): Coroutine<void> {
    const dlg = (this.dialog = new MessageDialog(this.loop, 'Do you really want to close this application?', 'Confirm Exit'));
    const result = yield* dlg.showModal();
    dlg.destroy();
    if (result === ID_OK) this.destroy();
  }

  destroy(): void {
    console.log('window destroyed');
  }
}

const loop = new NodeEventLoop();
const frame = new Frame(loop);
const closing = loop.createTask(frame.onClose()); // the toolkit dispatching the close event
loop.callLater(0.02, () => console.log('timer: the loop still dispatches events while the dialog waits'));
loop.callLater(0.05, () => frame.dialog?.click(ID_OK));
await loop.runUntilComplete(closing);
loop.close();
