"""Contains all the data models used in inputs/outputs"""

from .api_key_out import ApiKeyOut
from .api_key_secret_out import ApiKeySecretOut
from .attempt_out import AttemptOut
from .block_customer_in import BlockCustomerIn
from .catalog_out import CatalogOut
from .circuit_state import CircuitState
from .config_action import ConfigAction
from .create_api_key_in import CreateApiKeyIn
from .create_customer_in import CreateCustomerIn
from .create_customer_in_metadata_type_0 import CreateCustomerInMetadataType0
from .create_operator_in import CreateOperatorIn
from .create_pricing_plan_in import CreatePricingPlanIn
from .create_subaccount_in import CreateSubaccountIn
from .create_token_in import CreateTokenIn
from .create_vehicle_in import CreateVehicleIn
from .create_vehicle_in_metadata_type_0 import CreateVehicleInMetadataType0
from .create_wallet_transaction_in import CreateWalletTransactionIn
from .create_webhook_in import CreateWebhookIn
from .create_webhook_in_headers_type_0 import CreateWebhookInHeadersType0
from .create_zone_in import CreateZoneIn
from .created_operator_out import CreatedOperatorOut
from .current_session_out import CurrentSessionOut
from .cursor_pagination import CursorPagination
from .customer_blocked_event import CustomerBlockedEvent
from .customer_blocked_event_event import CustomerBlockedEventEvent
from .customer_created_event import CustomerCreatedEvent
from .customer_created_event_event import CustomerCreatedEventEvent
from .customer_event_data import CustomerEventData
from .customer_event_data_metadata import CustomerEventDataMetadata
from .customer_out import CustomerOut
from .customer_out_metadata import CustomerOutMetadata
from .customer_status import CustomerStatus
from .customer_unblocked_event import CustomerUnblockedEvent
from .customer_unblocked_event_event import CustomerUnblockedEventEvent
from .customer_updated_event import CustomerUpdatedEvent
from .customer_updated_event_event import CustomerUpdatedEventEvent
from .data_envelope_api_key_out import DataEnvelopeApiKeyOut
from .data_envelope_api_key_secret_out import DataEnvelopeApiKeySecretOut
from .data_envelope_catalog_out import DataEnvelopeCatalogOut
from .data_envelope_created_operator_out import DataEnvelopeCreatedOperatorOut
from .data_envelope_current_session_out import DataEnvelopeCurrentSessionOut
from .data_envelope_customer_out import DataEnvelopeCustomerOut
from .data_envelope_deleted_out import DataEnvelopeDeletedOut
from .data_envelope_delivery_out import DataEnvelopeDeliveryOut
from .data_envelope_gbfs_feed_out import DataEnvelopeGbfsFeedOut
from .data_envelope_ingest_out import DataEnvelopeIngestOut
from .data_envelope_logged_out_out import DataEnvelopeLoggedOutOut
from .data_envelope_me_out import DataEnvelopeMeOut
from .data_envelope_nearby_vehicles import DataEnvelopeNearbyVehicles
from .data_envelope_operator_out import DataEnvelopeOperatorOut
from .data_envelope_pricing_plan_out import DataEnvelopePricingPlanOut
from .data_envelope_resend_deliveries_out import DataEnvelopeResendDeliveriesOut
from .data_envelope_revenue_analytics_out import DataEnvelopeRevenueAnalyticsOut
from .data_envelope_ride_analytics_out import DataEnvelopeRideAnalyticsOut
from .data_envelope_ride_out import DataEnvelopeRideOut
from .data_envelope_session_out import DataEnvelopeSessionOut
from .data_envelope_subaccount_detail_out import DataEnvelopeSubaccountDetailOut
from .data_envelope_token_out import DataEnvelopeTokenOut
from .data_envelope_usage_out import DataEnvelopeUsageOut
from .data_envelope_vehicle_out import DataEnvelopeVehicleOut
from .data_envelope_wallet_out import DataEnvelopeWalletOut
from .data_envelope_wallet_transaction_created_out import (
    DataEnvelopeWalletTransactionCreatedOut,
)
from .data_envelope_webhook_deleted_out import DataEnvelopeWebhookDeletedOut
from .data_envelope_webhook_out import DataEnvelopeWebhookOut
from .data_envelope_webhook_secret_out import DataEnvelopeWebhookSecretOut
from .data_envelope_webhook_test_out import DataEnvelopeWebhookTestOut
from .data_envelope_zone_deleted_out import DataEnvelopeZoneDeletedOut
from .data_envelope_zone_out import DataEnvelopeZoneOut
from .deleted_out import DeletedOut
from .delivery_out import DeliveryOut
from .delivery_status import DeliveryStatus
from .end_ride_in import EndRideIn
from .error_body import ErrorBody
from .error_body_details import ErrorBodyDetails
from .error_code import ErrorCode
from .error_envelope import ErrorEnvelope
from .event_type import EventType
from .field_error import FieldError
from .fuel_type import FuelType
from .gbfs_feed_out import GbfsFeedOut
from .geo_json_multi_polygon import GeoJsonMultiPolygon
from .geo_json_multi_polygon_type import GeoJsonMultiPolygonType
from .geo_json_polygon import GeoJsonPolygon
from .geo_json_polygon_type import GeoJsonPolygonType
from .health_out import HealthOut
from .ingest_out import IngestOut
from .interval import Interval
from .key_mode import KeyMode
from .key_out import KeyOut
from .key_scope import KeyScope
from .key_status import KeyStatus
from .list_envelope_api_key_out import ListEnvelopeApiKeyOut
from .list_envelope_customer_out import ListEnvelopeCustomerOut
from .list_envelope_delivery_out import ListEnvelopeDeliveryOut
from .list_envelope_operator_out import ListEnvelopeOperatorOut
from .list_envelope_pricing_plan_out import ListEnvelopePricingPlanOut
from .list_envelope_request_log_out import ListEnvelopeRequestLogOut
from .list_envelope_ride_out import ListEnvelopeRideOut
from .list_envelope_subaccount_detail_out import ListEnvelopeSubaccountDetailOut
from .list_envelope_track_point_out import ListEnvelopeTrackPointOut
from .list_envelope_vehicle_out import ListEnvelopeVehicleOut
from .list_envelope_wallet_transaction_out import ListEnvelopeWalletTransactionOut
from .list_envelope_webhook_out import ListEnvelopeWebhookOut
from .list_envelope_zone_out import ListEnvelopeZoneOut
from .live_position import LivePosition
from .logged_out_out import LoggedOutOut
from .login_in import LoginIn
from .me_out import MeOut
from .meta import Meta
from .nearby_vehicle_out import NearbyVehicleOut
from .operator_out import OperatorOut
from .operator_tenant_out import OperatorTenantOut
from .page_pagination import PagePagination
from .payment_status import PaymentStatus
from .permission import Permission
from .permission_out import PermissionOut
from .permission_preset import PermissionPreset
from .permission_preset_out import PermissionPresetOut
from .ping_batch_in import PingBatchIn
from .ping_in import PingIn
from .plan import Plan
from .plan_limits import PlanLimits
from .plan_snapshot import PlanSnapshot
from .position_stream_event import PositionStreamEvent
from .position_stream_event_event import PositionStreamEventEvent
from .pricing_plan_out import PricingPlanOut
from .pricing_updated import PricingUpdated
from .pricing_updated_event import PricingUpdatedEvent
from .pricing_updated_event_event import PricingUpdatedEventEvent
from .rate_limit_overrides import RateLimitOverrides
from .readiness_out import ReadinessOut
from .regenerate_api_key_in import RegenerateApiKeyIn
from .reject_code import RejectCode
from .rejection_out import RejectionOut
from .rental_uris_in import RentalUrisIn
from .request_log_out import RequestLogOut
from .resend_deliveries_in import ResendDeliveriesIn
from .resend_deliveries_out import ResendDeliveriesOut
from .revenue_analytics_out import RevenueAnalyticsOut
from .revenue_bucket_out import RevenueBucketOut
from .ride_analytics_out import RideAnalyticsOut
from .ride_bucket_out import RideBucketOut
from .ride_ended import RideEnded
from .ride_ended_event import RideEndedEvent
from .ride_ended_event_event import RideEndedEventEvent
from .ride_out import RideOut
from .ride_paused_event import RidePausedEvent
from .ride_paused_event_event import RidePausedEventEvent
from .ride_pricing import RidePricing
from .ride_resumed_event import RideResumedEvent
from .ride_resumed_event_event import RideResumedEventEvent
from .ride_started_event import RideStartedEvent
from .ride_started_event_event import RideStartedEventEvent
from .ride_state_changed import RideStateChanged
from .ride_status import RideStatus
from .role import Role
from .route_usage_out import RouteUsageOut
from .session_out import SessionOut
from .settable_status import SettableStatus
from .start_ride_in import StartRideIn
from .status_counts_out import StatusCountsOut
from .subaccount_detail_out import SubaccountDetailOut
from .subaccount_out import SubaccountOut
from .tenant_out import TenantOut
from .tenant_status import TenantStatus
from .token_out import TokenOut
from .track_point_out import TrackPointOut
from .transaction_kind import TransactionKind
from .unblock_customer_in import UnblockCustomerIn
from .update_api_key_in import UpdateApiKeyIn
from .update_customer_in import UpdateCustomerIn
from .update_customer_in_metadata_type_0 import UpdateCustomerInMetadataType0
from .update_gbfs_feed_in import UpdateGbfsFeedIn
from .update_operator_in import UpdateOperatorIn
from .update_pricing_plan_in import UpdatePricingPlanIn
from .update_subaccount_in import UpdateSubaccountIn
from .update_vehicle_in import UpdateVehicleIn
from .update_vehicle_in_metadata_type_0 import UpdateVehicleInMetadataType0
from .update_webhook_in import UpdateWebhookIn
from .update_webhook_in_headers_type_0 import UpdateWebhookInHeadersType0
from .update_zone_in import UpdateZoneIn
from .usage import Usage
from .usage_bucket_out import UsageBucketOut
from .usage_out import UsageOut
from .vehicle_battery_low import VehicleBatteryLow
from .vehicle_battery_low_event import VehicleBatteryLowEvent
from .vehicle_battery_low_event_event import VehicleBatteryLowEventEvent
from .vehicle_battery_low_metadata import VehicleBatteryLowMetadata
from .vehicle_location_updated import VehicleLocationUpdated
from .vehicle_location_updated_event import VehicleLocationUpdatedEvent
from .vehicle_location_updated_event_event import VehicleLocationUpdatedEventEvent
from .vehicle_location_updated_metadata import VehicleLocationUpdatedMetadata
from .vehicle_out import VehicleOut
from .vehicle_out_metadata import VehicleOutMetadata
from .vehicle_status import VehicleStatus
from .vehicle_status_changed import VehicleStatusChanged
from .vehicle_status_changed_event import VehicleStatusChangedEvent
from .vehicle_status_changed_event_event import VehicleStatusChangedEventEvent
from .vehicle_status_changed_metadata import VehicleStatusChangedMetadata
from .vehicle_type import VehicleType
from .wallet_action import WalletAction
from .wallet_out import WalletOut
from .wallet_transaction_created_out import WalletTransactionCreatedOut
from .wallet_transaction_out import WalletTransactionOut
from .webhook_deleted_out import WebhookDeletedOut
from .webhook_out import WebhookOut
from .webhook_out_headers import WebhookOutHeaders
from .webhook_secret_out import WebhookSecretOut
from .webhook_test_data import WebhookTestData
from .webhook_test_event import WebhookTestEvent
from .webhook_test_event_event import WebhookTestEventEvent
from .webhook_test_out import WebhookTestOut
from .zone_deleted_out import ZoneDeletedOut
from .zone_out import ZoneOut
from .zone_type import ZoneType
from .zone_updated import ZoneUpdated
from .zone_updated_event import ZoneUpdatedEvent
from .zone_updated_event_event import ZoneUpdatedEventEvent

__all__ = (
    "ApiKeyOut",
    "ApiKeySecretOut",
    "AttemptOut",
    "BlockCustomerIn",
    "CatalogOut",
    "CircuitState",
    "ConfigAction",
    "CreateApiKeyIn",
    "CreateCustomerIn",
    "CreateCustomerInMetadataType0",
    "CreateOperatorIn",
    "CreatePricingPlanIn",
    "CreateSubaccountIn",
    "CreateTokenIn",
    "CreateVehicleIn",
    "CreateVehicleInMetadataType0",
    "CreateWalletTransactionIn",
    "CreateWebhookIn",
    "CreateWebhookInHeadersType0",
    "CreateZoneIn",
    "CreatedOperatorOut",
    "CurrentSessionOut",
    "CursorPagination",
    "CustomerBlockedEvent",
    "CustomerBlockedEventEvent",
    "CustomerCreatedEvent",
    "CustomerCreatedEventEvent",
    "CustomerEventData",
    "CustomerEventDataMetadata",
    "CustomerOut",
    "CustomerOutMetadata",
    "CustomerStatus",
    "CustomerUnblockedEvent",
    "CustomerUnblockedEventEvent",
    "CustomerUpdatedEvent",
    "CustomerUpdatedEventEvent",
    "DataEnvelopeApiKeyOut",
    "DataEnvelopeApiKeySecretOut",
    "DataEnvelopeCatalogOut",
    "DataEnvelopeCreatedOperatorOut",
    "DataEnvelopeCurrentSessionOut",
    "DataEnvelopeCustomerOut",
    "DataEnvelopeDeletedOut",
    "DataEnvelopeDeliveryOut",
    "DataEnvelopeGbfsFeedOut",
    "DataEnvelopeIngestOut",
    "DataEnvelopeLoggedOutOut",
    "DataEnvelopeMeOut",
    "DataEnvelopeNearbyVehicles",
    "DataEnvelopeOperatorOut",
    "DataEnvelopePricingPlanOut",
    "DataEnvelopeResendDeliveriesOut",
    "DataEnvelopeRevenueAnalyticsOut",
    "DataEnvelopeRideAnalyticsOut",
    "DataEnvelopeRideOut",
    "DataEnvelopeSessionOut",
    "DataEnvelopeSubaccountDetailOut",
    "DataEnvelopeTokenOut",
    "DataEnvelopeUsageOut",
    "DataEnvelopeVehicleOut",
    "DataEnvelopeWalletOut",
    "DataEnvelopeWalletTransactionCreatedOut",
    "DataEnvelopeWebhookDeletedOut",
    "DataEnvelopeWebhookOut",
    "DataEnvelopeWebhookSecretOut",
    "DataEnvelopeWebhookTestOut",
    "DataEnvelopeZoneDeletedOut",
    "DataEnvelopeZoneOut",
    "DeletedOut",
    "DeliveryOut",
    "DeliveryStatus",
    "EndRideIn",
    "ErrorBody",
    "ErrorBodyDetails",
    "ErrorCode",
    "ErrorEnvelope",
    "EventType",
    "FieldError",
    "FuelType",
    "GbfsFeedOut",
    "GeoJsonMultiPolygon",
    "GeoJsonMultiPolygonType",
    "GeoJsonPolygon",
    "GeoJsonPolygonType",
    "HealthOut",
    "IngestOut",
    "Interval",
    "KeyMode",
    "KeyOut",
    "KeyScope",
    "KeyStatus",
    "ListEnvelopeApiKeyOut",
    "ListEnvelopeCustomerOut",
    "ListEnvelopeDeliveryOut",
    "ListEnvelopeOperatorOut",
    "ListEnvelopePricingPlanOut",
    "ListEnvelopeRequestLogOut",
    "ListEnvelopeRideOut",
    "ListEnvelopeSubaccountDetailOut",
    "ListEnvelopeTrackPointOut",
    "ListEnvelopeVehicleOut",
    "ListEnvelopeWalletTransactionOut",
    "ListEnvelopeWebhookOut",
    "ListEnvelopeZoneOut",
    "LivePosition",
    "LoggedOutOut",
    "LoginIn",
    "MeOut",
    "Meta",
    "NearbyVehicleOut",
    "OperatorOut",
    "OperatorTenantOut",
    "PagePagination",
    "PaymentStatus",
    "Permission",
    "PermissionOut",
    "PermissionPreset",
    "PermissionPresetOut",
    "PingBatchIn",
    "PingIn",
    "Plan",
    "PlanLimits",
    "PlanSnapshot",
    "PositionStreamEvent",
    "PositionStreamEventEvent",
    "PricingPlanOut",
    "PricingUpdated",
    "PricingUpdatedEvent",
    "PricingUpdatedEventEvent",
    "RateLimitOverrides",
    "ReadinessOut",
    "RegenerateApiKeyIn",
    "RejectCode",
    "RejectionOut",
    "RentalUrisIn",
    "RequestLogOut",
    "ResendDeliveriesIn",
    "ResendDeliveriesOut",
    "RevenueAnalyticsOut",
    "RevenueBucketOut",
    "RideAnalyticsOut",
    "RideBucketOut",
    "RideEnded",
    "RideEndedEvent",
    "RideEndedEventEvent",
    "RideOut",
    "RidePausedEvent",
    "RidePausedEventEvent",
    "RidePricing",
    "RideResumedEvent",
    "RideResumedEventEvent",
    "RideStartedEvent",
    "RideStartedEventEvent",
    "RideStateChanged",
    "RideStatus",
    "Role",
    "RouteUsageOut",
    "SessionOut",
    "SettableStatus",
    "StartRideIn",
    "StatusCountsOut",
    "SubaccountDetailOut",
    "SubaccountOut",
    "TenantOut",
    "TenantStatus",
    "TokenOut",
    "TrackPointOut",
    "TransactionKind",
    "UnblockCustomerIn",
    "UpdateApiKeyIn",
    "UpdateCustomerIn",
    "UpdateCustomerInMetadataType0",
    "UpdateGbfsFeedIn",
    "UpdateOperatorIn",
    "UpdatePricingPlanIn",
    "UpdateSubaccountIn",
    "UpdateVehicleIn",
    "UpdateVehicleInMetadataType0",
    "UpdateWebhookIn",
    "UpdateWebhookInHeadersType0",
    "UpdateZoneIn",
    "Usage",
    "UsageBucketOut",
    "UsageOut",
    "VehicleBatteryLow",
    "VehicleBatteryLowEvent",
    "VehicleBatteryLowEventEvent",
    "VehicleBatteryLowMetadata",
    "VehicleLocationUpdated",
    "VehicleLocationUpdatedEvent",
    "VehicleLocationUpdatedEventEvent",
    "VehicleLocationUpdatedMetadata",
    "VehicleOut",
    "VehicleOutMetadata",
    "VehicleStatus",
    "VehicleStatusChanged",
    "VehicleStatusChangedEvent",
    "VehicleStatusChangedEventEvent",
    "VehicleStatusChangedMetadata",
    "VehicleType",
    "WalletAction",
    "WalletOut",
    "WalletTransactionCreatedOut",
    "WalletTransactionOut",
    "WebhookDeletedOut",
    "WebhookOut",
    "WebhookOutHeaders",
    "WebhookSecretOut",
    "WebhookTestData",
    "WebhookTestEvent",
    "WebhookTestEventEvent",
    "WebhookTestOut",
    "ZoneDeletedOut",
    "ZoneOut",
    "ZoneType",
    "ZoneUpdated",
    "ZoneUpdatedEvent",
    "ZoneUpdatedEventEvent",
)
