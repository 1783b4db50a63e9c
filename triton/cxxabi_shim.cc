// Two libstdc++ symbols llama-cpp-cffi's prebuilt extension references without version tags, which
// GCC 13/14's libstdc++ defines and older ones (Debian 12's GCC 12) do not. scripts/triton-env.sh
// builds this only where the system library lacks them; triton/models/llm_generator.py loads it
// globally before the extension. Both do what the newer library does.
#include <cxxabi.h>
#include <exception>
#include <iostream>  // its static ios_base::Init sets up std::cout/cerr, which GCC 13+ code assumes done

// GCC 14: called when an exception leaves a noexcept function.
extern "C" void __cxa_call_terminate(void* exception) noexcept {
  if (exception) {
    __cxxabiv1::__cxa_begin_catch(exception);
  }
  std::terminate();
}

// GCC 13: referenced by every translation unit that includes <iostream>, to pull in a libstdc++ that
// initialises the standard streams itself; including <iostream> above does that here.
namespace std {
void ios_base_library_init() {}
}
