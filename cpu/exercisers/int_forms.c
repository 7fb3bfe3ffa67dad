/* Exerciser: operand forms. The other exercisers cover each operation over
 * edge cases; this one runs many encodings (memory destinations, sign-
 * extended imm8, 16-bit operand size, three-operand imul, cl/imm counts,
 * memory sources of cmov/bsf/movzx...) over pseudo-random and edge values,
 * printing results and the SDM-defined flags. */
#include "int_common.h"

static uint32_t seed = 12345;
static uint32_t rnd(void) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) | (seed << 16);
}

static uint32_t val(int k) {
    return k < NV ? vals[k] : rnd() >> (rnd() & 31);
}

/* D: destination (in/out), S: source (in), F: flags out, I: flags in. */
#define FORM(NAME, TD, CD, TS, CS, ASM, MASK)                                        \
    static void NAME(void) {                                                         \
        for (int i = 0; i < NV + 8; i++)                                             \
            for (int j = 0; j < NV + 8; j += 3) {                                    \
                TD d = (TD)val(i);                                                   \
                TS s = (TS)val(j);                                                   \
                TD d0 = d;                                                           \
                uint32_t f, fin = (i + j) & 1 ? ALL : 0;                             \
                __asm__ volatile("push %[i]\n\tpopf\n\t" ASM "\n\tpushf\n\tpop %[f]"   \
                                 : [d] CD(d), [f] "=&r"(f)                           \
                                 : [s] CS(s), [i] "r"(fin) : "cc", "memory");        \
                printf(#NAME " %x %x %03x -> %x %03x\n", (unsigned)d0, (unsigned)s, fin, \
                       (unsigned)d, f & (MASK));                                     \
            }                                                                        \
    }

#define M "+m"
#define R "+r"
#define Q "+q"
#define SR "r"
#define SQ "q"
#define SM "m"
#define SC "c"

FORM(addw_m_i8, uint16_t, M, uint32_t, SR, "addw $-3, %[d]", ALL)
FORM(orw_m_i8, uint16_t, M, uint32_t, SR, "orw $0x80, %[d]", LOGIC)
FORM(andb_m_i, uint8_t, M, uint32_t, SR, "andb $0x7f, %[d]", LOGIC)
FORM(cmpw_m_i, uint16_t, M, uint32_t, SR, "cmpw $0x8000, %[d]", ALL)
FORM(subl_m_i, uint32_t, M, uint32_t, SR, "subl $0x12345678, %[d]", ALL)
FORM(sbbb_r_m, uint8_t, Q, uint8_t, SM, "sbbb %[s], %[d]", ALL)
FORM(adcw_m_r, uint16_t, M, uint16_t, SR, "adcw %[s], %[d]", ALL)
FORM(xorl_r_m, uint32_t, R, uint32_t, SM, "xorl %[s], %[d]", LOGIC)
FORM(testb_m_i, uint8_t, M, uint32_t, SR, "testb $0x81, %[d]", LOGIC)
FORM(testw_m_r, uint16_t, M, uint16_t, SR, "testw %[s], %[d]", LOGIC)
FORM(testl_r_i, uint32_t, R, uint32_t, SR, "testl $0x80000001, %[d]", LOGIC)
FORM(incw_m, uint16_t, M, uint32_t, SR, "incw %[d]", ALL)
FORM(decb_r, uint8_t, Q, uint32_t, SR, "decb %[d]", ALL)
FORM(negw_m, uint16_t, M, uint32_t, SR, "negw %[d]", ALL)
FORM(notb_m, uint8_t, M, uint32_t, SR, "notb %[d]", ALL)
FORM(imulw_r_r_i, uint16_t, R, uint16_t, SR, "imulw $-300, %[s], %[d]", CF | OF)
FORM(imull_r_m_i8, uint32_t, R, uint32_t, SM, "imull $7, %[s], %[d]", CF | OF)
FORM(imull_r_m, uint32_t, R, uint32_t, SM, "imull %[s], %[d]", CF | OF)
FORM(imulw_r_m, uint16_t, R, uint16_t, SM, "imulw %[s], %[d]", CF | OF)
FORM(shlw_m_cl, uint16_t, M, uint8_t, SC, "shlw %%cl, %[d]", (s & 31) == 0 ? ALL : (s & 31) == 1 ? LOGIC : (s & 31) < 16 ? (CF | PF | ZF | SF) : (PF | ZF | SF))
FORM(sarw_m_1, uint16_t, M, uint32_t, SR, "sarw $1, %[d]", LOGIC)
FORM(shrb_m_i, uint8_t, M, uint32_t, SR, "shrb $3, %[d]", CF | PF | ZF | SF)
FORM(rclb_m_cl, uint8_t, M, uint8_t, SC, "rclb %%cl, %[d]", (s & 31) == 1 ? ALL : ALL & ~OF)
FORM(rorl_m_i, uint32_t, M, uint32_t, SR, "rorl $9, %[d]", ALL & ~OF)
FORM(rolw_r_cl, uint16_t, R, uint8_t, SC, "rolw %%cl, %[d]", (s & 31) == 1 ? ALL : ALL & ~OF)
FORM(rcrw_m_1, uint16_t, M, uint32_t, SR, "rcrw $1, %[d]", ALL)
FORM(shldw_m_i, uint16_t, M, uint16_t, SR, "shldw $5, %[s], %[d]", CF | PF | ZF | SF)
FORM(shrdl_m_i, uint32_t, M, uint32_t, SR, "shrdl $1, %[s], %[d]", CF | PF | ZF | SF | OF)
FORM(shldl_r_cl, uint32_t, R, uint8_t, SC, "shldl %%cl, %[d], %[d]", (s & 31) == 0 ? ALL : (s & 31) == 1 ? LOGIC : (CF | PF | ZF | SF))
FORM(btw_m_i, uint16_t, M, uint32_t, SR, "btw $13, %[d]", CF | ZF)
FORM(btsl_m_i, uint32_t, M, uint32_t, SR, "btsl $31, %[d]", CF | ZF)
FORM(btrw_r_r, uint16_t, R, uint16_t, SR, "btrw %[s], %[d]", CF | ZF)
FORM(btcl_r_i, uint32_t, R, uint32_t, SR, "btcl $7, %[d]", CF | ZF)
FORM(cmovlw_r_m, uint16_t, R, uint16_t, SM, "cmovlw %[s], %[d]", ALL)
FORM(cmovbl_r_m, uint32_t, R, uint32_t, SM, "cmovbl %[s], %[d]", ALL)
FORM(cmovnsl_r_r, uint32_t, R, uint32_t, SR, "cmovnsl %[s], %[d]", ALL)
FORM(xchgw_m_r, uint16_t, M, uint32_t, SR, "xchgw %w[s], %[d]", ALL)
FORM(xchgb_m_r, uint8_t, M, uint32_t, SQ, "xchgb %b[s], %[d]", ALL)
FORM(movzbw, uint16_t, R, uint8_t, SM, "movzbw %[s], %[d]", ALL)
FORM(movsbw, uint16_t, R, uint8_t, SQ, "movsbw %[s], %[d]", ALL)
FORM(movswl_m, uint32_t, R, uint16_t, SM, "movswl %[s], %[d]", ALL)
FORM(movzwl_m, uint32_t, R, uint16_t, SM, "movzwl %[s], %[d]", ALL)
FORM(movw_m_i, uint16_t, M, uint32_t, SR, "movw $0xbeef, %[d]", ALL)
FORM(movb_r_m, uint8_t, Q, uint8_t, SM, "movb %[s], %[d]", ALL)
FORM(leaw, uint16_t, R, uint32_t, SR, "leaw 0x1234(%[s],%[s],8), %[d]", ALL)
FORM(leal_s2, uint32_t, R, uint32_t, SR, "leal -0x80(,%[s],2), %[d]", ALL)
FORM(bswapl, uint32_t, R, uint32_t, SR, "bswapl %[d]", ALL)
FORM(addb_hi, uint32_t, Q, uint32_t, SQ, "addb %h[s], %h[d]", ALL)
FORM(subb_hi_lo, uint32_t, Q, uint32_t, SQ, "subb %b[s], %h[d]", ALL)
FORM(movb_hi, uint32_t, Q, uint32_t, SQ, "movb %h[s], %b[d]\n\tmovb %b[s], %h[d]", ALL)
FORM(xaddw_m_r, uint16_t, M, uint32_t, SR, "xaddw %w[s], %[d]", ALL)
FORM(xaddl_same, uint32_t, R, uint32_t, SR, "xaddl %[d], %[d]", ALL)
FORM(xchgl_same, uint32_t, R, uint32_t, SR, "xchgl %[d], %[d]\n\tcmpxchgl %[d], %[d]", ZF)
FORM(cmpxchgb_m, uint8_t, M, uint32_t, SQ, "movb %b[s], %%al\n\tmovb $0x42, %%ah\n\tcmpxchgb %%ah, %[d]", ALL)
FORM(setg_m, uint8_t, M, uint32_t, SR, "cmpl $5, %[s]\n\tsetg %[d]", ALL)
FORM(setnp_r, uint8_t, Q, uint32_t, SR, "testl %[s], %[s]\n\tsetnp %[d]", LOGIC)
FORM(incl_dec, uint32_t, R, uint32_t, SR, "stc\n\tincl %[d]\n\tdecl %[d]\n\tdecl %[d]", ALL)
FORM(adc_chain, uint32_t, R, uint32_t, SR, "addl %[s], %[d]\n\tadcl %[s], %[d]\n\tsbbl $1, %[d]", ALL)
FORM(neg_sbb, uint32_t, R, uint32_t, SR, "negl %[d]\n\tsbbl %[d], %[d]", ALL)
/* Undocumented salc (D6) and arpl, both legal in 32-bit user mode. */
FORM(salc, uint32_t, "+a", uint32_t, SR, "btl $0, %[s]\n\t.byte 0xd6", ALL)
FORM(arpl_r, uint16_t, R, uint16_t, SR, "arpl %[s], %[d]", ZF)

/* Single-operand mul/div with memory sources, bsf/bsr with memory. */
static void muldiv_mem(void) {
    for (int i = 0; i < NV + 16; i++) {
        uint32_t a = val(i), m = val(i + 7) | 1, lo, hi, f;
        __asm__ volatile("mull %4\n\tpushf\n\tpop %2" : "=a"(lo), "=d"(hi), "=r"(f) : "a"(a), "m"(m) : "cc");
        printf("mullm %x %x -> %x %x %03x\n", a, m, lo, hi, f & (CF | OF));
        uint16_t w = (uint16_t)m;
        uint32_t ax = a, dx = 0x77;
        __asm__ volatile("imulw %3\n\tpushf\n\tpop %2" : "+a"(ax), "+d"(dx), "=r"(f) : "m"(w) : "cc");
        printf("imulwm %x %x -> %x %x %03x\n", a, w, ax, dx, f & (CF | OF));
        uint32_t q = a, r = 0;
        __asm__ volatile("divl %2" : "+a"(q), "+d"(r) : "m"(m) : "cc");
        printf("divlm %x %x -> %x %x\n", a, m, q, r);
        uint32_t b1 = 5, b2 = 6, f1, f2;
        __asm__ volatile("bsfl %2, %0\n\tpushf\n\tpop %1" : "+r"(b1), "=r"(f1) : "m"(a) : "cc");
        __asm__ volatile("bsrw %2, %w0\n\tpushf\n\tpop %1" : "+r"(b2), "=r"(f2) : "m"(w) : "cc");
        printf("bsm %x -> %x %03x %x %03x\n", a, a ? b1 : 0, f1 & ZF, w ? b2 : 0, f2 & ZF);
    }
}

/* Stack forms: push/pop memory, pushw/popw, push imm8/imm32, call/ret imm. */
uint32_t g_m32, g_r[4];
uint16_t g_m16;

uint32_t ret_helper(void);
__asm__(".text\n.globl ret_helper\nret_helper:\n\tmovl 4(%esp), %eax\n\tret $8\n");

static void stack_forms(void) {
    for (int i = 0; i < NV; i++) {
        g_m32 = val(i);
        g_m16 = (uint16_t)val(i + 1);
        __asm__ volatile("pushl g_m32\n\tpushw g_m16\n\tpopw g_m16\n\tpopl g_r\n\t"
                         "pushw $-2\n\tpopw g_r+4\n\tpush $-128\n\tpopl g_r+8\n\t"
                         "pushl $0x12345678\n\tpopw g_r+12\n\tpopw g_r+14\n\t"
                         ::: "memory");
        printf("stk %x %x -> %x %x %x %x %x\n", val(i), g_m16, g_r[0], g_r[1] & 0xffff, g_r[2], g_r[3] & 0xffff, g_r[3] >> 16);
    }
    /* 16-bit pusha/popa and enter/leave; results relative to esp. */
    __asm__ volatile("push %%ebp\n\tpush %%ebx\n\tpush %%esi\n\tpush %%edi\n\t"
                     "mov $0x11112222, %%eax\n\tmov $0x33334444, %%ecx\n\tmov $0x55556666, %%edx\n\t"
                     "mov $0x77778888, %%ebx\n\tmov $0x9999aaaa, %%ebp\n\tmov $0xbbbbcccc, %%esi\n\tmov $0xddddeeee, %%edi\n\t"
                     "pushaw\n\tmovl (%%esp), %%eax\n\tmovl %%eax, g_r\n\tmovl 12(%%esp), %%eax\n\tmovl %%eax, g_r+4\n\t"
                     "movw $0x1234, 14(%%esp)\n\tmovw $0x5678, 8(%%esp)\n\tpopaw\n\t"
                     "movl %%eax, g_r+8\n\tmovl %%ebp, g_r+12\n\t"
                     "mov %%esp, %%ebp\n\tmov %%esp, %%eax\n\tenterw $6, $2\n\tsub %%esp, %%eax\n\tmovl %%eax, g_m32\n\tleavew\n\t"
                     "pop %%edi\n\tpop %%esi\n\tpop %%ebx\n\tpop %%ebp"
                     ::: "eax", "ecx", "edx", "memory", "cc");
    printf("pushaw %x %x %x %x %x\n", g_r[0], g_r[1] & 0xffff, g_r[2], g_r[3], g_m32);
    /* Address-size prefixed loop/jcxz count with cx only; cs:/ss:/es:
     * overrides read the same flat memory. */
    uint32_t c1 = 0x10003, n1 = 0, c2 = 0x20000, t2 = 0, c3;
    __asm__ volatile("1:\n\tinc %1\n\taddr16 loop 1b" : "+c"(c1), "+r"(n1) :: "cc");
    __asm__ volatile("jcxz 1f\n\tmov $5, %1\n1:" : "+c"(c2), "+r"(t2));
    g_m32 = 0xfeedface;
    __asm__ volatile("movl %%cs:g_m32, %0\n\taddl %%ss:g_m32, %0\n\txorl %%es:g_m32, %0" : "=r"(c3) :: "cc");
    printf("a16 %x %x %x %x\n", c1, n1, t2, c3);
    /* Far-pointer loads with the current data selector (its value depends on
     * the kernel, so only equality is printed). */
    struct __attribute__((packed)) { uint32_t off; uint16_t sel; } fp = { 0x12345678, 0 };
    uint16_t ds_sel, es_after, gs_after;
    uint32_t lo1, lo2;
    __asm__ volatile("mov %%ds, %0" : "=r"(ds_sel));
    fp.sel = ds_sel;
    __asm__ volatile("push %%es\n\tles %3, %0\n\tmov %%es, %1\n\tpop %%es" : "=r"(lo1), "=r"(es_after), "=m"(fp) : "m"(fp));
    __asm__ volatile("push %%gs\n\tlgs %3, %0\n\tmov %%gs, %1\n\tpop %%gs" : "=r"(lo2), "=r"(gs_after), "=m"(fp) : "m"(fp));
    printf("lfp %x %d %x %d\n", lo1, es_after == ds_sel, lo2, gs_after == ds_sel);
    uint32_t x;
    __asm__ volatile("push $0x11\n\tpush $0x22\n\tcall ret_helper\n\tmov %%eax, %0" : "=r"(x) :: "eax", "memory");
    printf("retimm %x\n", x);
}

int main(void) {
    addw_m_i8(); orw_m_i8(); andb_m_i(); cmpw_m_i(); subl_m_i(); sbbb_r_m(); adcw_m_r();
    xorl_r_m(); testb_m_i(); testw_m_r(); testl_r_i(); incw_m(); decb_r(); negw_m(); notb_m();
    imulw_r_r_i(); imull_r_m_i8(); imull_r_m(); imulw_r_m(); shlw_m_cl(); sarw_m_1(); shrb_m_i();
    rclb_m_cl(); rorl_m_i(); rolw_r_cl(); rcrw_m_1(); shldw_m_i(); shrdl_m_i(); shldl_r_cl();
    btw_m_i(); btsl_m_i(); btrw_r_r(); btcl_r_i(); cmovlw_r_m(); cmovbl_r_m(); cmovnsl_r_r();
    xchgw_m_r(); xchgb_m_r(); movzbw(); movsbw(); movswl_m(); movzwl_m(); movw_m_i(); movb_r_m();
    leaw(); leal_s2(); bswapl(); addb_hi(); subb_hi_lo(); movb_hi(); xaddw_m_r(); xaddl_same(); xchgl_same(); cmpxchgb_m();
    setg_m(); setnp_r(); incl_dec(); adc_chain(); neg_sbb(); salc(); arpl_r();
    muldiv_mem();
    stack_forms();
    return 0;
}
