package io.pools4j.kernel;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves {@code group:artifact[:extension[:classifier]]:version} and its runtime
 * dependencies from a Maven repository into a local cache, with Maven's own resolver.
 *
 * <p><b>Python:</b> {@code pip install} (into the kernel's environment). <b>IJava:</b>
 * {@code MavenResolver} behind {@code %maven}.
 */
final class MavenResolver {

    private final Path cache;
    private final String remote;
    /** Created on first use: building the resolver costs time that most sessions never need. */
    private RepositorySystem system;

    MavenResolver(Path cache, String remote) {
        this.cache = cache;
        this.remote = remote;
    }

    Path cache() {
        return cache;
    }

    /** The jars of {@code coordinates} and its runtime dependencies, downloaded if missing. */
    List<Path> resolve(String coordinates) throws MagicException {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new MagicException("%maven: '" + coordinates
                    + "' is not group:artifact:version (e.g. org.apache.commons:commons-lang3:3.17.0)", e);
        }
        RepositorySystem repositories = system();
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(
                repositories.newLocalRepositoryManager(session, new LocalRepository(cache.toFile())));
        RemoteRepository central = new RemoteRepository.Builder("central", "default", remote).build();
        CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), List.of(central));
        DependencyRequest request = new DependencyRequest(collect,
                DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            return repositories.resolveDependencies(session, request).getArtifactResults().stream()
                    .map(ArtifactResult::getArtifact)
                    .map(a -> a.getFile().toPath())
                    .toList();
        } catch (DependencyResolutionException e) {
            throw new MagicException("%maven: cannot resolve " + coordinates + " from " + remote + ": "
                    + e.getMessage() + " (check the coordinates on https://central.sonatype.com and the network)", e);
        }
    }

    private synchronized RepositorySystem system() {
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        return system;
    }
}
