import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

// The stateful mock in a container for the test class; its URL comes from the mapped port.
@Testcontainers
class MockTest {
  @Container
  static final GenericContainer<?> MOCK =
      new GenericContainer<>(DockerImageName.parse("ghcr.io/vpcep-openapi/vpcep-openapi:0"))
          .withExposedPorts(4010)
          .waitingFor(Wait.forLogMessage(".*vpcep-mock: ready at.*\\n", 1));

  @Test
  void listsTheServices() throws Exception {
    String endpoint = "http://" + MOCK.getHost() + ":" + MOCK.getMappedPort(4010);
    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/v1/my-project/vpc-endpoint-services"))
        .header("X-Auth-Token", "test")
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
  }
}
