namespace Photopeak.Simulation.Acquisitions;

public static class MpiPlanarStudy
{
    public static SimulationResult Simulate(SimulationOptions o) => throw new NotImplementedException();
}
