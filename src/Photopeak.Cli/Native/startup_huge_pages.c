// Linked into the NativeAOT `photopeak` only (Photopeak.Cli.csproj). Before main, the runtime rehydrates ~10 MB of type data
// into the executable's zero-filled (.bss-like) segment, touching every page of it: ~2,400 first-touch page faults, the larger
// part of a short command's run time on a virtual machine (~8 µs each there; see bench/Photopeak.Dicom.Bench). Asking for
// transparent huge pages on that segment first turns them into a handful of 2 MiB faults. Only advice: where THP is "never",
// or the call fails, start-up is as before.
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

static int advise_zero_filled_segments(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size; (void)data;
    const uintptr_t huge = 2u << 20;
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) || ph->p_memsz <= ph->p_filesz) continue;
        uintptr_t start = info->dlpi_addr + ph->p_vaddr + ph->p_filesz, end = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
        uintptr_t first = (start + huge - 1) & ~(huge - 1), last = end & ~(huge - 1);
        if (last > first) madvise((void *)first, last - first, MADV_HUGEPAGE);
    }
    return 1; // the first object is the executable itself; shared libraries are left alone
}

__attribute__((constructor)) static void photopeak_startup_huge_pages(void)
{
    dl_iterate_phdr(advise_zero_filled_segments, 0);
}
