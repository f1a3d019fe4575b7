using Photopeak.Cli.Commands;
using Photopeak.Reconstruction.Service;

namespace Photopeak.Cli.Tests;

public sealed class ReconExitCodeTests
{
    [Fact]
    public void Invalid_option_is_usage() => Assert.Equal(ExitCodes.Usage, ReconCommand.ExitCodeFor(new ReconstructionOptionException("--subsets 9 exceeds the 8 views")));

    [Fact]
    public void Unreadable_input_is_exit_3() => Assert.Equal(ExitCodes.UnreadableInput, ReconCommand.ExitCodeFor(new ReconstructionInputException("no TOMO")));

    [Fact]
    public void Processing_failure_is_exit_1() => Assert.Equal(ExitCodes.Failed, ReconCommand.ExitCodeFor(new ReconstructionFailedException("diverged")));

    [Fact]
    public void Argument_exception_from_inside_reconstruction_is_a_processing_failure_not_usage() =>
        Assert.Equal(ExitCodes.Failed, ReconCommand.ExitCodeFor(new ArgumentException("deep inside")));
}
