namespace Photopeak.Simulation.Acquisitions;

public static class TumourSpectStudy
{
    public static SimulationResult Simulate(SimulationOptions o) => throw new NotImplementedException();
}
