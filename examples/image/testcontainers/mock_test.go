package vpcep_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// The stateful mock in a container for the test; its URL comes from the mapped port.
func TestAgainstTheMock(t *testing.T) {
	ctx := context.Background()
	mock, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{
			Image:        "ghcr.io/vpcep-openapi/vpcep-openapi:0",
			ExposedPorts: []string{"4010/tcp"},
			WaitingFor:   wait.ForLog("vpcep-mock: ready at"),
		},
		Started: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	testcontainers.CleanupContainer(t, mock)
	endpoint, err := mock.PortEndpoint(ctx, "4010/tcp", "http")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"/v1/my-project/vpc-endpoint-services", nil)
	req.Header.Set("X-Auth-Token", "test")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
}
