namespace Photopeak.Simulation.Acquisitions;

public static class GatedBloodPoolStudy
{
    public static SimulationResult Simulate(SimulationOptions o) => throw new NotImplementedException();
}
