using Photopeak.Fuzz;
using SharpFuzz;

// photopeak-fuzz TARGET            under afl-fuzz (SharpFuzz out-of-process loop; scripts/fuzz sets it up)
// photopeak-fuzz TARGET FILE...    replays inputs (e.g. AFL's crashes) and prints what each one raised
if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
{
    Console.Error.WriteLine($"usage: photopeak-fuzz {string.Join("|", FuzzTargets.Names)} [FILE...]");
    return 2;
}
var target = args[0];
if (args.Length > 1)
{
    var failures = 0;
    foreach (var path in args.Skip(1))
    {
        try { FuzzTargets.Run(target, File.ReadAllBytes(path)); Console.WriteLine($"{path}: ok"); }
        catch (Exception ex) { failures++; Console.WriteLine($"{path}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}"); }
    }
    return failures == 0 ? 0 : 1;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    FuzzTargets.Run(target, copy.ToArray());
});
return 0;
