//! fnstenv/fldenv/fnsave/frstor memory images (SDM Vol. 1, 8.1.10, figures
//! 8-9 to 8-12).
