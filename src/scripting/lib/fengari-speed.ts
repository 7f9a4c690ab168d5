/**
 * Allocation-light replacements for the parts of fengari's call machinery that showed up on top of a
 * BullMQ profile, patched into its module objects (applyFengariSpeed, from applyLua51Core). They
 * keep fengari's behaviour; what changes is what they allocate:
 *
 * - CallInfo: fengari makes a new one for every call and drops it on return. Like C Lua (which
 *   keeps its CallInfo list and reuses `ci->next`), each CallInfo here keeps the one made after
 *   it (`spare`) and the next call from it reuses that. A spare is only ever used directly above
 *   the CallInfo that made it, so it is never live when handed out again.
 * - Stack slots: fengari deletes a slot's TValue when the top moves down and allocates a new
 *   one when it moves up (every Lua call allocates its whole frame). Here a slot above the top
 *   keeps its TValue, emptied to nil (nothing keeps a reference to it: a local captured by a
 *   closure is replaced by luaF_close before its slot dies), and growing reuses it. fengari's
 *   own code may still delete slots or replace their objects; both are fine here.
 * - luaD_precall for plain Lua functions (not vararg, no call hook), the common case, grows the
 *   frame that way; every other call goes to fengari's own. luaD_poscall (without return or
 *   line hooks) empties the slots above the results instead of deleting them.
 * - TValue's string accessors without their no-op lua_assert calls (which still ran the check).
 *
 * Order: the VM and the API call these through module objects (`ldo.luaD_precall`,
 * `lstate.luaE_extendCI`), so patching after the modules are loaded is enough.
 */

interface TValue {
  type: number;
  value: unknown;
  setnilvalue(): void;
}

interface CallInfo {
  previous: CallInfo | null;
  next: CallInfo | null;
  /** The CallInfo last made for a call from this one (see above). */
  spare?: CallInfo;
  funcOff: number;
  func: TValue;
  top: number;
  nresults: number;
  callstatus: number;
  l_base: number;
  l_code: unknown;
  l_savedpc: number;
}

interface Proto {
  is_vararg: boolean;
  numparams: number;
  maxstacksize: number;
  code: unknown;
}

interface LuaStateInternals {
  stack: (TValue | undefined)[];
  top: number;
  ci: CallInfo;
  hookmask: number;
}

let applied = false;

export function applyFengariSpeed(): void {
  if (applied) return;
  applied = true;
  const lobject = require("fengari/src/lobject.js");
  const lstate = require("fengari/src/lstate.js");
  const ldo = require("fengari/src/ldo.js");
  const defs = require("fengari/src/defs.js");
  const LUA_TNIL: number = defs.constant_types.LUA_TNIL;
  const LUA_TLCL: number = defs.constant_types.LUA_TLCL;
  const LUA_MASKCALL: number = defs.LUA_MASKCALL;
  const LUA_MASKRET_LINE: number = defs.LUA_MASKRET | defs.LUA_MASKLINE;
  const LUA_MULTRET: number = defs.LUA_MULTRET;
  const CIST_LUA: number = lstate.CIST_LUA;
  const TValueClass: new (type: number, value: unknown) => TValue = lobject.TValue;
  const CallInfoClass: new () => CallInfo = lstate.CallInfo;

  const proto = lobject.TValue.prototype;
  proto.tsvalue = function (this: TValue) {
    return this.value;
  };
  proto.svalue = function (this: { value: { realstring: Uint8Array } }) {
    return this.value.realstring;
  };
  proto.vslen = function (this: { value: { realstring: Uint8Array } }) {
    return this.value.realstring.length;
  };

  lstate.luaE_extendCI = (L: LuaStateInternals): CallInfo => {
    const prev = L.ci;
    let ci = prev.spare;
    if (ci === undefined) {
      ci = new CallInfoClass();
      prev.spare = ci;
    }
    prev.next = ci;
    ci.previous = prev;
    ci.next = null;
    L.ci = ci;
    return ci;
  };

  /** Slots top..newtop-1 become nil, reusing the TValues they still hold. */
  const grow = (L: LuaStateInternals, newtop: number): void => {
    const stack = L.stack;
    for (let i = L.top; i < newtop; i++) {
      const o = stack[i];
      if (o === undefined) stack[i] = new TValueClass(LUA_TNIL, null);
      else o.setnilvalue();
    }
    L.top = newtop;
  };

  ldo.adjust_top = (L: LuaStateInternals, newtop: number): void => {
    if (L.top < newtop) return grow(L, newtop);
    const stack = L.stack;
    // Emptied, not deleted: the values go (for the GC), the TValues stay for the next grow.
    for (let i = newtop; i < L.top; i++) {
      const o = stack[i];
      if (o !== undefined) o.setnilvalue();
    }
    L.top = newtop;
  };

  /** fengari's moveresults, emptying slots (see above) where it deleted them. */
  const moveresults = (
    L: LuaStateInternals,
    firstResult: number,
    res: number,
    nres: number,
    wanted: number,
  ): boolean => {
    const stack = L.stack;
    if (wanted === 1) {
      if (nres === 0) stack[res]!.setnilvalue();
      else setfrom(stack[res]!, stack[firstResult]!);
    } else if (wanted === LUA_MULTRET) {
      for (let i = 0; i < nres; i++) setfrom(stack[res + i]!, stack[firstResult + i]!);
      emptyAbove(L, res + nres);
      return false;
    } else if (wanted !== 0) {
      let i = 0;
      for (; i < wanted && i < nres; i++) setfrom(stack[res + i]!, stack[firstResult + i]!);
      for (; i < wanted; i++) {
        const o = stack[res + i];
        if (res + i >= L.top || o === undefined) stack[res + i] = new TValueClass(LUA_TNIL, null);
        else o.setnilvalue();
      }
    }
    emptyAbove(L, res + wanted);
    return true;
  };

  /** Slots newtop..top (fengari's loops include top itself) emptied; top = newtop. */
  const emptyAbove = (L: LuaStateInternals, newtop: number): void => {
    const stack = L.stack;
    for (let i = L.top; i >= newtop; i--) {
      const o = stack[i];
      if (o !== undefined) o.setnilvalue();
    }
    L.top = newtop;
  };

  const setfrom = (to: TValue, from: TValue): void => {
    to.type = from.type;
    to.value = from.value;
  };

  const poscall = ldo.luaD_poscall;
  ldo.luaD_poscall = (L: LuaStateInternals, ci: CallInfo, firstResult: number, nres: number): boolean => {
    if ((L.hookmask & LUA_MASKRET_LINE) !== 0) return poscall(L, ci, firstResult, nres);
    const res = ci.funcOff;
    const prev = ci.previous!;
    L.ci = prev;
    prev.next = null;
    return moveresults(L, firstResult, res, nres, ci.nresults);
  };

  const precall = ldo.luaD_precall;
  const checkstack = ldo.luaD_checkstack;
  ldo.luaD_precall = (L: LuaStateInternals, off: number, nresults: number): boolean => {
    const func = L.stack[off]!;
    if (func.type !== LUA_TLCL || (L.hookmask & LUA_MASKCALL) !== 0) return precall(L, off, nresults);
    const p = (func.value as { p: Proto }).p;
    if (p.is_vararg) return precall(L, off, nresults);
    const fsize = p.maxstacksize;
    checkstack(L, fsize);
    // Missing arguments are nil, like the rest of the frame.
    const base = off + 1;
    const ci = lstate.luaE_extendCI(L) as CallInfo;
    ci.funcOff = off;
    ci.nresults = nresults;
    ci.func = func;
    ci.l_base = base;
    ci.top = base + fsize;
    if (L.top < ci.top) grow(L, ci.top);
    else ldo.adjust_top(L, ci.top);
    ci.l_code = p.code;
    ci.l_savedpc = 0;
    ci.callstatus = CIST_LUA;
    return false;
  };
}
