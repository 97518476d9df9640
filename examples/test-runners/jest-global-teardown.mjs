export default async function globalTeardown() {
  await globalThis.vpcepMock?.close();
}
