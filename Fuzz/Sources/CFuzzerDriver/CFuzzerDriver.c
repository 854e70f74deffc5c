// Declarations only: LLVMFuzzerRunDriver is libFuzzer's.
#include "CFuzzerDriver.h"
