//! Unadjusted coupon schedules, previous/next coupon and remaining coupons.
