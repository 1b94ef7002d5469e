/**
 * The marketplaces' own requirement pages each preset rule cites, with the date the figures were read.
 * Amazon's and Shopify's pages sit behind a seller login or move often, so their figures were read from
 * the pages that quote them (`via`); re-check the source before relying on a number near its limit.
 */
import type { RuleSource } from './types.ts';

/** The day the figures below were read (from the pages themselves, or their quotes where `via` says). */
export const READ_ON = '2026-11-30';

export const SOURCES = {
  amazon: {
    url: 'https://sellercentral.amazon.com/help/hub/reference/external/G1881',
    title: 'Amazon Seller Central: Product image requirements',
    read: READ_ON,
    via: [
      'https://help.e-tailize.com/en/amazon-product-image-requirements',
      'https://mercatuslab.com/blog/amazon-product-image-requirements',
    ],
  },
  walmart: {
    url: 'https://marketplacelearn.walmart.com/guides/Item%20setup/Item%20content,%20imagery,%20and%20media/Product-detail-page:-Image-guidelines-&-requirements',
    title: 'Walmart Marketplace Learn: Product detail page: Image guidelines & requirements',
    read: READ_ON,
  },
  shopify: {
    url: 'https://help.shopify.com/en/manual/products/product-media/product-media-types',
    title: 'Shopify Help Center: Product media types (images)',
    read: READ_ON,
    via: [
      'https://www.photoroom.com/blog/shopify-product-image-size',
      'https://sellshot.ai/blog/shopify-product-image-size',
    ],
  },
  ebay: {
    url: 'https://www.ebay.com/help/policies/listing-policies/picture-policy?id=4370',
    title: 'eBay: Picture policy',
    read: READ_ON,
  },
  google: {
    url: 'https://support.google.com/merchants/answer/6324350',
    title: 'Google Merchant Center Help: Image link [image_link]',
    read: READ_ON,
  },
  etsy: {
    url: 'https://www.etsy.com/legal/policy/listing-image-requirements/253962679005',
    title: 'Etsy: Listing Image Requirements',
    read: READ_ON,
  },
} satisfies Record<string, RuleSource>;
