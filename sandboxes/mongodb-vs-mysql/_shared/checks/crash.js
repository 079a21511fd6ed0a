// A crash switch for the engines' beforeWrite hook: after `arm(n)`, the n-th write and every write after it throw,
// as if the connection had dropped at that point; `disarm()` lets the check read and write again.
export function crashSwitch() {
  let writesLeft = Infinity;
  return {
    arm(n) {
      writesLeft = n;
    },
    disarm() {
      writesLeft = Infinity;
    },
    beforeWrite() {
      writesLeft -= 1;
      if (writesLeft <= 0) throw new Error('connection lost (a crash injected by the check)');
    },
  };
}
