namespace CoulombGan.Tests;
public sealed class LoadTest { [Fact] public void Loads() => Assert.Equal(3f, CoulombGan.Potential.Probe.Sum()); }
