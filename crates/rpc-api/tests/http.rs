//! The generated server and client traits over a real jsonrpsee HTTP server on 127.0.0.1,
//! serving `rpc_modules` and `rpc_listMethods` from the catalog (real data, no chain).

use jsonrpsee::{
    core::{client::ClientT, RpcResult},
    http_client::HttpClientBuilder,
    rpc_params,
    server::{Server, ServerHandle},
};
use moderntensor_primitives::models::{MethodList, RpcModules};
use moderntensor_rpc_api::{methods, ErrorCode, EthApiClient, RpcApiClient, RpcApiServer};

struct Catalog;

#[jsonrpsee::core::async_trait]
impl RpcApiServer for Catalog {
    async fn modules(&self) -> RpcResult<RpcModules> {
        Ok(RpcModules(methods::rpc_modules()))
    }

    async fn list_methods(&self) -> RpcResult<MethodList> {
        Ok(methods::method_list())
    }
}

async fn serve() -> (String, ServerHandle) {
    let server = Server::builder().build("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let url = format!("http://{}", server.local_addr().unwrap());
    (url, server.start(Catalog.into_rpc()))
}

#[tokio::test]
async fn generated_client_talks_to_generated_server() {
    let (url, handle) = serve().await;
    let client = HttpClientBuilder::default().build(&url).unwrap();

    let modules = RpcApiClient::modules(&client).await.unwrap();
    assert_eq!(modules.0, methods::rpc_modules());
    assert!(modules.has("lux") && modules.has("dev") && !modules.has("bridge"));

    let list = client.list_methods().await.unwrap();
    assert_eq!(list, methods::method_list());
    assert!(list.contains("dev_mine"));

    // A method this server does not serve: -32601, as a real node answers our extensions.
    let err = client.chain_id().await.unwrap_err();
    let jsonrpsee::core::client::Error::Call(obj) = err else { panic!("{err:?}") };
    assert_eq!(ErrorCode::try_from(obj.code()), Ok(ErrorCode::MethodNotFound));

    // Extra trailing params are ignored, as on the real node.
    let raw: serde_json::Value = client.request("rpc_modules", rpc_params![0]).await.unwrap();
    assert_eq!(raw["eth"], "1.0");

    handle.stop().unwrap();
    handle.stopped().await;
}
