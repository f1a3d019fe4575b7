namespace Photopeak.Simulation.Acquisitions;

public static class LungPerfusionStudy
{
    public static SimulationResult Simulate(SimulationOptions o) => throw new NotImplementedException();
}
