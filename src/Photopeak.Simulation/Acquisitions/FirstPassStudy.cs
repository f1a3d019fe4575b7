namespace Photopeak.Simulation.Acquisitions;

public static class FirstPassStudy
{
    public static SimulationResult Simulate(SimulationOptions o) => throw new NotImplementedException();
}
