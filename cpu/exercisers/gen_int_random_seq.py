#!/usr/bin/env python3
"""Generates int_random_seq.c: random straight-line sequences of integer
instructions (registers and a memory buffer) run natively and under tabvm.

The generator tracks which arithmetic flags are undefined at each point (SDM:
multi-bit shifts leave OF undefined, logic ops AF, mul SF/ZF/AF/PF, bt all but
CF/ZF...). A flag reader (setcc, cmovcc, adc/sbb, rcl/rcr, daa...) is only
emitted when every flag it reads is defined, and the final flags are printed
masked to the defined ones, so the output is the same on any x86 host.
Deterministic: fixed seed.

Usage: python3 gen_int_random_seq.py > int_random_seq.c
"""
import random

rng = random.Random(20261124)
R32 = ["eax", "ebx", "ecx", "edx", "esi", "edi"]
R16 = ["ax", "bx", "cx", "dx", "si", "di"]
R8 = ["al", "bl", "cl", "dl", "ah", "bh", "ch", "dh"]
CC = {"o": "O", "no": "O", "b": "C", "ae": "C", "e": "Z", "ne": "Z", "be": "CZ", "a": "CZ", "s": "S", "ns": "S",
      "p": "P", "np": "P", "l": "SO", "ge": "SO", "le": "ZSO", "g": "ZSO"}
SUF = {32: "l", 16: "w", 8: "b"}
ALL = set("CPAZSO")
BIT = {"C": 0x1, "P": 0x4, "A": 0x10, "Z": 0x40, "S": 0x80, "O": 0x800}


class Gen:
    def __init__(self):
        self.undef = set()

    def reg(self, size):
        return rng.choice({32: R32, 16: R16, 8: R8}[size])

    def imm(self, size):
        v = rng.choice([0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, rng.getrandbits(32)])
        return v & ((1 << size) - 1)

    def mem(self, size):
        return f"m+{rng.randrange(0, 60) * 4 + rng.choice([0, 0, 1, 2])}"

    def operand(self, size):
        return f"%%{self.reg(size)}" if rng.random() < 0.7 else self.mem(size)

    def can_read(self, flags):
        return not (set(flags) & self.undef)

    def insn(self):
        while True:
            i = self.try_insn()
            if i:
                return i

    def try_insn(self):
        k = rng.randrange(16)
        size = rng.choice([8, 16, 32, 32, 32])
        s = SUF[size]
        if k < 4:
            op = rng.choice(["add", "adc", "sub", "sbb", "cmp", "and", "or", "xor", "test"])
            if op in ("adc", "sbb") and not self.can_read("C"):
                return None
            dst = self.operand(size)
            src = f"%%{self.reg(size)}" if dst.startswith("m") or rng.random() < 0.5 else self.operand(size)
            if rng.random() < 0.4:
                src = f"${self.imm(size):#x}"
            self.undef = {"A"} if op in ("and", "or", "xor", "test") else set()
            return f"{op}{s} {src}, {dst}"
        if k == 4:
            op = rng.choice(["inc", "dec", "neg", "not"])
            if op in ("inc", "dec"):
                self.undef -= set("PAZSO")
            elif op == "neg":
                self.undef = set()
            return f"{op}{s} {self.operand(size)}"
        if k == 5:
            op = rng.choice(["shl", "shr", "sar", "rol", "ror", "rcl", "rcr"])
            if op in ("rcl", "rcr") and not self.can_read("C"):
                return None
            count = rng.choice([1, 1, 2, 3, size - 1, size, size + 1, 31, 32])
            masked = count & 31
            rot = op in ("rol", "ror", "rcl", "rcr")
            if masked == 0:
                pass  # a masked count of 0 changes no flag
            elif rot:
                if masked != 1:
                    self.undef.add("O")
                else:
                    self.undef.discard("O")
                self.undef.discard("C")
            else:
                self.undef = {"A"}
                if masked != 1:
                    self.undef.add("O")
                if op in ("shl", "shr") and masked >= size:
                    self.undef.add("C")
            return f"{op}{s} ${count}, {self.operand(size)}"
        if k == 6:
            cc = rng.choice(list(CC))
            if not self.can_read(CC[cc]):
                return None
            return f"set{cc} {rng.choice(['%%' + self.reg(8), self.mem(8)])}"
        if k == 7:
            cc = rng.choice(list(CC))
            if not self.can_read(CC[cc]):
                return None
            return f"cmov{cc}l {self.operand(32) if rng.random() < 0.5 else '%%' + self.reg(32)}, %%{self.reg(32)}"
        if k == 8:
            choice = rng.choice(["bswap", "xchg", "cltd", "cwtl", "cbtw", "movzbl", "movswl", "stc", "clc", "cmc"])
            if choice == "cmc" and not self.can_read("C"):
                return None
            if choice in ("stc", "clc", "cmc"):
                self.undef.discard("C")
                return choice
            return {"bswap": f"bswap %%{self.reg(32)}", "xchg": f"xchgl %%{self.reg(32)}, {self.operand(32)}",
                    "cltd": "cltd", "cwtl": "cwtl", "cbtw": "cbtw",
                    "movzbl": f"movzbl {self.operand(8)}, %%{self.reg(32)}",
                    "movswl": f"movswl {self.operand(16)}, %%{self.reg(32)}"}[choice]
        if k == 9:
            return f"leal {rng.randrange(-300, 300)}(%%{self.reg(32)},%%{self.reg(32)},{rng.choice([1, 2, 4, 8])}), %%{self.reg(32)}"
        if k == 10:
            return f"movl ${self.imm(32):#x}, {self.operand(32)}"
        if k == 11:
            # imul r32, r/m32(, imm): CF/OF defined, SF/ZF/AF/PF undefined.
            self.undef = set("PAZS")
            if rng.random() < 0.5:
                return f"imull {self.operand(32)}, %%{self.reg(32)}"
            return f"imull ${rng.randrange(-1000, 1000)}, {self.operand(32)}, %%{self.reg(32)}"
        if k == 12:
            # bt/bts/btr/btc with an immediate: CF defined, ZF unchanged, the rest undefined.
            self.undef |= set("PASO")
            self.undef.discard("C")
            op = rng.choice(["bt", "bts", "btr", "btc"])
            return f"{op}l ${rng.randrange(0, 32)}, {self.operand(32)}"
        if k == 13:
            # shld/shrd by an immediate within the width: AF undefined, OF unless count is 1.
            op = rng.choice(["shld", "shrd"])
            w = rng.choice([16, 32])
            count = rng.choice([1, 2, 7, w - 1, w])
            if count & 31:
                self.undef = {"A"} | ({"O"} if count != 1 else set())
            return f"{op}{SUF[w]} ${count}, %%{self.reg(w)}, {self.operand(w)}"
        if k == 14:
            # BCD on AL: daa/das read CF and AF, leave OF undefined.
            if not self.can_read("CA"):
                return None
            self.undef = {"O"}
            return rng.choice(["daa", "das"])
        # xadd / cmpxchg (all flags defined).
        self.undef = set()
        op = rng.choice(["xadd", "cmpxchg"])
        return f"{op}{s} %%{self.reg(size)}, {self.operand(size)}"


def main():
    print("/* GENERATED by gen_int_random_seq.py: do not edit. */")
    print('#include "int_common.h"\n')
    print("uint32_t r[6], fl, m[64];\n")
    nseq = 500
    masks = []
    for n in range(nseq):
        g = Gen()
        body = "\\n\\t".join(g.insn() for _ in range(24))
        masks.append(sum(BIT[f] for f in ALL - g.undef))
        print(f"static void seq{n}(void) {{")
        print('    __asm__ volatile("movl r, %%eax\\n\\tmovl r+4, %%ebx\\n\\tmovl r+8, %%ecx\\n\\t"')
        print('                     "movl r+12, %%edx\\n\\tmovl r+16, %%esi\\n\\tmovl r+20, %%edi\\n\\t"')
        print('                     "pushl fl\\n\\tpopf\\n\\t"')
        print(f'                     "{body}\\n\\t"')
        print('                     "pushf\\n\\tpopl fl\\n\\tmovl %%eax, r\\n\\tmovl %%ebx, r+4\\n\\tmovl %%ecx, r+8\\n\\t"')
        print('                     "movl %%edx, r+12\\n\\tmovl %%esi, r+16\\n\\tmovl %%edi, r+20"')
        print('                     ::: "eax", "ebx", "ecx", "edx", "esi", "edi", "cc", "memory");')
        print("}\n")
    print("static void (*const seqs[])(void) = {")
    print(",\n".join(f"    seq{n}" for n in range(nseq)))
    print("};\n")
    print("/* Flags defined at the end of each sequence. */")
    print("static const uint16_t defined[] = {")
    print(",\n".join(f"    {m:#x}" for m in masks))
    print("};\n")
    print("""int main(void) {
    for (int n = 0; n < (int)(sizeof seqs / sizeof seqs[0]); n++)
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 6; j++)
                r[j] = vals[(n * 7 + k * 13 + j * 5) % NV];
            for (int j = 0; j < 64; j++)
                m[j] = vals[(n + k + j * 3) % NV] ^ (j * 0x01010101u);
            /* The initial flags are all defined (set by popf). */
            fl = k == 1 ? ALL : k == 2 ? (CF | ZF | AF) : 0;
            seqs[n]();
            uint32_t sum = 0;
            for (int j = 0; j < 64; j++)
                sum = sum * 31 + m[j];
            printf("seq%d.%d %x %x %x %x %x %x %03x %x\\n", n, k, r[0], r[1], r[2], r[3], r[4], r[5],
                   fl & defined[n], sum);
        }
    return 0;
}""")


main()
