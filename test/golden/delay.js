"use strict";
const $h0 = $rt.cf;
const $f0 = $i[1];
const $f1 = $i[8];
const $f2 = $i[6];
const $f3 = $i[7];
return async function run(ctx, event) {
const $T = ctx.trace;
let $at = -1, $g = 8;
let v0 = 0;
let o0 = null, o1 = null, o2 = null;
try {
$T.c[0]++; if ($T.open) $T.event(0, "start", null);
$at = 1;
$T.c[1]++; const $s0 = $T.open ? $T.s(1) : -1;
const r0 = (await ctx.tapeAsync(1, $f0, [ctx, 0.01]));
ctx.check();
if ($s0 >= 0) $T.f(1, $s0, r0);
const $max0 = Math.max(1, 3);
let $ok0 = false, $last0;
R0: for (let $n0 = 1; ; $n0++) {
o0 = $n0;
try {
v0 = Math.trunc(v0 + 1);
o1 = v0;
$T.c[3]++; if ($T.open) $T.event(3, "finish", v0);
$T.c[5]++; if ($T.open) $T.event(5, "start", null);
if (((o1 !== null ? o1 : $h0(null, 4, "a")) < 2)) {
$at = 6;
$T.c[6]++; const $s2 = $T.open ? $T.s(6) : -1;
const r2 = $f2(ctx, "first attempt fails", "Error");
if ($s2 >= 0) $T.f(6, $s2, r2);
}
$ok0 = true;
break R0;
} catch ($e0) {
if (ctx.isFatal($e0)) throw $e0;
$last0 = $e0;
o2 = ctx.errorOf($e0, $at);
$T.c[2]++; if ($T.open) $T.event(2, "finish", o2);
if ($n0 >= $max0) break R0;
}
await ctx.sleep(0.001 * 1000 * Math.pow(2, $n0 - 1));
}
if ($ok0) {
$at = 7;
$T.c[7]++; const $s3 = $T.open ? $T.s(7) : -1;
const r3 = $f3(ctx, o0, "info");
if ($s3 >= 0) $T.f(7, $s3, r3);
} else {
$at = 8;
$T.c[8]++; const $s1 = $T.open ? $T.s(8) : -1;
const r1 = $f1(ctx, "gave up", "warn");
if ($s1 >= 0) $T.f(8, $s1, r1);
}
} catch ($e) {
if (ctx.isFatal($e)) throw $e;
const $err = ctx.fail($e, $at);
}
};
